using ControlPlane.Limits;

namespace ControlPlane.Workspaces;

/// <summary>Body of POST /v1/admin/workspaces.</summary>
internal sealed record WorkspaceRequest
{
    public string? Name { get; init; }
    public string? Slug { get; init; }
    public WorkspaceDefaults? Defaults { get; init; }
    public UsageLimits? UsageLimits { get; init; }
    public IReadOnlyList<RateLimit?>? RateLimits { get; init; }
    /// <summary><c>fail_open</c> (default) or <c>fail_closed</c>.</summary>
    public string? RedisFailurePolicy { get; init; }
    public AlertWebhookRequest? AlertWebhook { get; init; }
}
