using System.Text.Json;

namespace ControlPlane.Configs;

/// <summary>Body of PUT /v1/configs/{id}: name and/or config. The workspace cannot be changed.</summary>
internal sealed record UpdateConfigRequest
{
    public string? Name { get; init; }
    /// <summary>A changed config becomes a new version; the same JSON makes none.</summary>
    public JsonElement? Config { get; init; }
}
