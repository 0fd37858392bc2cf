using System.Text.Json;
using ControlPlane.Catalog;

namespace ControlPlane.Configs;

/// <summary>A config with its latest version.</summary>
internal sealed record ConfigResponse(
    string Id,
    string Name,
    Guid WorkspaceId,
    Guid VersionId,
    int Version,
    JsonElement Config,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ConfigResponse From(Config config, ConfigVersion latest) => new(
        config.Id,
        config.Name,
        config.WorkspaceId,
        latest.Id,
        latest.Version,
        ConfigJson.Parse(latest.Content),
        config.CreatedAt,
        config.UpdatedAt);
}
