using System.Text.Json;

namespace ControlPlane.Configs;

/// <summary>When a PUT makes a new version: only when the config's JSON really changed (key order and spacing do not count).</summary>
internal static class ConfigVersioning
{
    public static bool IsChange(string storedContent, JsonElement requested)
    {
        using var stored = JsonDocument.Parse(storedContent);
        return !JsonElement.DeepEquals(stored.RootElement, requested);
    }

    public static int Next(int latestVersion) => checked(latestVersion + 1);
}
