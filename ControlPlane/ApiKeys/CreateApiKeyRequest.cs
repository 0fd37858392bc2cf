using ControlPlane.Limits;

namespace ControlPlane.ApiKeys;

/// <summary>Body of POST /v1/api-keys/{type}/{sub_type}. The key itself is generated, never chosen.</summary>
internal sealed record CreateApiKeyRequest
{
    /// <summary>Optional repeat of the path's <c>type</c>; must equal it.</summary>
    public string? Type { get; init; }
    /// <summary>Optional repeat of the path's <c>sub_type</c>; must equal it.</summary>
    public string? SubType { get; init; }
    public string? Name { get; init; }
    /// <summary>
    /// Workspace keys: their workspace (default: the caller's, or <c>default</c> for organisation callers).
    /// Organisation keys: an optional home workspace for attribution; the key still sees every workspace.
    /// </summary>
    public Guid? WorkspaceId { get; init; }
    public string? UserId { get; init; }
    /// <summary>Default: <c>["completions.write"]</c>.</summary>
    public IReadOnlyList<string?>? Scopes { get; init; }
    public ApiKeyDefaultsBody? Defaults { get; init; }
    public IReadOnlyList<RateLimit?>? RateLimits { get; init; }
    public UsageLimits? UsageLimits { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}
