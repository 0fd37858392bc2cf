using System.Text.Json;

namespace ControlPlane.Configs;

/// <summary>Body of POST /v1/configs. Server-set fields (id, version_id, version, timestamps) are not here.</summary>
internal sealed record CreateConfigRequest
{
    public string? Name { get; init; }
    /// <summary>The routing config (contract section 4): a JSON object.</summary>
    public JsonElement? Config { get; init; }
    /// <summary>Organisation keys only (omitted: the <c>default</c> workspace); a workspace key's config goes to its own workspace.</summary>
    public Guid? WorkspaceId { get; init; }
}
