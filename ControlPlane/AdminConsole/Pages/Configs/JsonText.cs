using System.Text;
using System.Text.Json;

namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>The editor's JSON text: parsed locally (strictly, as the API parses bodies) and printed (by IndentedJson) for editing and diffing.</summary>
internal static class JsonText
{
    /// <summary>The element, or where and why the text is not JSON.</summary>
    public static (JsonElement? Value, JsonSyntaxError? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, new JsonSyntaxError(1, 1, "the editor is empty: write a JSON object"));
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0);
            var column = CharacterColumn(text, line, (int)(exception.BytePositionInLine ?? 0));
            return (null, new JsonSyntaxError(line + 1, column + 1, Reason(exception.Message)));
        }
    }

    /// <summary>The parser counts bytes of UTF-8 within the line; people count characters.</summary>
    private static int CharacterColumn(string text, int lineIndex, int bytePosition)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lineIndex >= lines.Length)
        {
            return bytePosition;
        }

        var bytes = Encoding.UTF8.GetBytes(lines[lineIndex]);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(bytePosition, bytes.Length));
    }

    /// <summary>The parser's reason without its own position suffix (" LineNumber: 2 | BytePositionInLine: 7.").</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).Trim();
    }
}
