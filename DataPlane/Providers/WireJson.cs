using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataPlane.Providers;

/// <summary>
/// How the gateway writes JSON on the wire (to clients and upstreams): minimal escaping, as the providers
/// themselves write it. The default encoder escapes every non-ASCII character and quote for HTML, which
/// is meaningless in an API body and makes streams bigger.
/// </summary>
internal static class WireJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
