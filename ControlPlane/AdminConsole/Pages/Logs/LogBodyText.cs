using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ControlPlane.AdminConsole.Pages.Logs;

/// <summary>A stored request or response body as the detail page shows it: JSON indented, anything else as it is.</summary>
internal static class LogBodyText
{
    // Relaxed: a prompt's "<" stays "<" instead of "\u003C", so the page shows what was sent. Safe because the
    // page writes this text through Razor's encoding, never as markup.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Indented JSON when the whole body is one JSON value; otherwise the text unchanged (a stream's SSE text, or a body
    /// cut at the logging limit, which ends with a "…[truncated N bytes]" marker).
    /// </summary>
    public static string Pretty(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Indented))
            {
                document.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
