using ControlPlane.Limits;

namespace ControlPlane.ApiKeys;

/// <summary>Body of POST /v1/api-keys/{type}/{sub_type}. The key itself is generated, never chosen.</summary>
internal sealed record CreateApiKeyRequest
{
    public string? Name { get; init; }
    /// <summary>Workspace keys only; default: the caller's workspace, or <c>default</c> for organisation callers.</summary>
    public Guid? WorkspaceId { get; init; }
    public string? UserId { get; init; }
    /// <summary>Default: <c>["completions.write"]</c>.</summary>
    public IReadOnlyList<string?>? Scopes { get; init; }
    public ApiKeyDefaultsBody? Defaults { get; init; }
    public IReadOnlyList<RateLimit?>? RateLimits { get; init; }
    public UsageLimits? UsageLimits { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}
