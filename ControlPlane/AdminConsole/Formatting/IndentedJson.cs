using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ControlPlane.AdminConsole.Formatting;

/// <summary>JSON as the console prints it for reading, editing and diffing: indented by two spaces, keys in their stored order.</summary>
internal static class IndentedJson
{
    // Relaxed: a "<" stays "<" instead of "\u003C", so the page shows what was written. Safe because pages put this text
    // through Razor's encoding (a textarea, a pre), never as markup.
    private static readonly JsonWriterOptions Writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The element indented, with "\n" line ends whatever the platform, so the same JSON always prints the same lines.</summary>
    public static string Format(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).ReplaceLineEndings("\n");
    }
}
