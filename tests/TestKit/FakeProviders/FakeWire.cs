using System.Text;
using System.Text.Json;

namespace TestKit.FakeProviders;

/// <summary>Small reading, splitting and counting helpers the fakes' wire formats share.</summary>
internal static class FakeWire
{
    /// <summary>The string property <paramref name="name"/> of an object, or null (missing, not a string, not an object).</summary>
    public static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The fakes' token estimate: UTF-8 bytes / 4, rounded up.</summary>
    public static int TokensOf(string text) => (Encoding.UTF8.GetByteCount(text) + 3) / 4;

    /// <summary>One piece per word with its leading space: concatenated they are exactly the text.</summary>
    public static List<string> SplitWords(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ' ' && text[i - 1] != ' '))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        return pieces;
    }

    /// <summary>8-character pieces, as tool-call arguments are streamed: concatenated they are exactly the text.</summary>
    public static List<string> SplitEightChars(string text)
    {
        var pieces = new List<string>();
        for (var i = 0; i < text.Length; i += 8)
        {
            pieces.Add(text.Substring(i, Math.Min(8, text.Length - i)));
        }

        return pieces;
    }

    /// <summary>Writes <paramref name="value"/>, or JSON null when it is null.</summary>
    public static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
