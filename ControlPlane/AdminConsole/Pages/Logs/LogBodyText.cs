using System.Text.Json;
using ControlPlane.AdminConsole.Formatting;

namespace ControlPlane.AdminConsole.Pages.Logs;

/// <summary>A stored request or response body as the detail page shows it: JSON indented, anything else as it is.</summary>
internal static class LogBodyText
{
    /// <summary>
    /// Indented JSON when the whole body is one JSON value; otherwise the text unchanged (a stream's SSE text, or a body
    /// cut at the logging limit, which ends with a "…[truncated N bytes]" marker).
    /// </summary>
    public static string Pretty(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return IndentedJson.Format(document.RootElement);
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
