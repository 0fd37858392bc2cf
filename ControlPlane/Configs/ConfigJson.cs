using System.Text.Json;

namespace ControlPlane.Configs;

internal static class ConfigJson
{
    /// <summary>Stored jsonb → a detached element (safe to keep after the document is gone).</summary>
    public static JsonElement Parse(string content) => JsonSerializer.Deserialize<JsonElement>(content);
}
