using System.Text;
using System.Text.Json;

namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>
/// Which line of the editor's text an API error path points at (<c>config.targets[1].weight</c>,
/// <c>guardrail["default.contains"].operator</c>), so the error can say "line 9" and the gutter can mark it.
/// </summary>
internal static class JsonLines
{
    /// <summary>
    /// Every path in <paramref name="text"/> (under <paramref name="root"/>) → its 1-based line. A property is reachable as
    /// <c>.name</c> and as <c>["name"]</c>: the config validator joins names with dots, the guardrail validator brackets
    /// names that are not identifiers. Empty when the text is not JSON.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Map(string text, string root)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        var newlines = new List<long>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(bytes);
        // Per open container: the paths it is known by and, in an array, the next element's index.
        var frames = new Stack<(string[] Paths, bool IsArray, int Index)>();
        string[]? property = null;
        try
        {
            while (reader.Read())
            {
                var line = LineAt(newlines, reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    property = [.. frames.Peek().Paths.SelectMany(p => new[] { Join(p, name), $"{p}[\"{name}\"]" }).Distinct()];
                    Register(map, property, line);
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.Pop();
                    Advance(frames);
                    continue;
                }

                var paths = Current(frames, ref property, root);
                Register(map, paths, line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Push((paths, reader.TokenType == JsonTokenType.StartArray, 0));
                }
                else
                {
                    Advance(frames);
                }
            }
        }
        catch (JsonException)
        {
            return new Dictionary<string, int>();
        }

        return map;
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest parent in the text (a missing field: its object's line).</summary>
    public static int? LineOf(IReadOnlyDictionary<string, int> map, string path)
    {
        for (var candidate = path; candidate.Length > 0; candidate = Parent(candidate))
        {
            if (map.TryGetValue(candidate, out var line))
            {
                return line;
            }
        }

        return null;
    }

    private static string[] Current(Stack<(string[] Paths, bool IsArray, int Index)> frames, ref string[]? property, string root)
    {
        if (frames.Count == 0)
        {
            return [root];
        }

        var parent = frames.Peek();
        if (parent.IsArray)
        {
            return [.. parent.Paths.Select(p => $"{p}[{parent.Index}]")];
        }

        var paths = property ?? parent.Paths;
        property = null;
        return paths;
    }

    /// <summary>After a value (or a closed container) inside an array, the next element has the next index.</summary>
    private static void Advance(Stack<(string[] Paths, bool IsArray, int Index)> frames)
    {
        if (frames.Count > 0 && frames.Peek().IsArray)
        {
            var (paths, isArray, index) = frames.Pop();
            frames.Push((paths, isArray, index + 1));
        }
    }

    private static void Register(Dictionary<string, int> map, string[] paths, int line)
    {
        foreach (var path in paths)
        {
            map.TryAdd(path, line);
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static int LineAt(List<long> newlines, long offset)
    {
        var index = newlines.BinarySearch(offset);
        return (index < 0 ? ~index : index) + 1;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
