using System.Text.Json;

namespace Contracts.Snapshots;

/// <summary>A saved routing config (<c>pc-…</c>) at its latest version, as the data plane resolves <c>x-portkey-config</c>.</summary>
public sealed record ConfigEntry(string Id, Guid WorkspaceId, Guid VersionId, int Version, JsonElement Config);
