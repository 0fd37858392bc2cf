using System.Text.Json;
using ControlPlane.Catalog;

namespace ControlPlane.Configs;

/// <summary>One immutable version of a config.</summary>
internal sealed record ConfigVersionResponse(Guid VersionId, int Version, JsonElement Config, DateTimeOffset CreatedAt)
{
    public static ConfigVersionResponse From(ConfigVersion version) =>
        new(version.Id, version.Version, ConfigJson.Parse(version.Content), version.CreatedAt);
}
