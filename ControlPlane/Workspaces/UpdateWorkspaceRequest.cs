using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlPlane.Workspaces;

/// <summary>Body of PUT /v1/admin/workspaces/{id}: given fields replace the stored ones; the slug is immutable.</summary>
internal sealed record UpdateWorkspaceRequest
{
    public string? Name { get; init; }
    /// <summary>May repeat the current slug; any other value is a 400.</summary>
    public string? Slug { get; init; }
    public WorkspaceDefaults? Defaults { get; init; }
    public Limits.UsageLimits? UsageLimits { get; init; }
    public IReadOnlyList<Limits.RateLimit?>? RateLimits { get; init; }
    /// <summary><c>fail_open</c> or <c>fail_closed</c>.</summary>
    public string? RedisFailurePolicy { get; init; }
    public AlertWebhookRequest? AlertWebhook { get; init; }

    /// <summary>Every other field of the body, kept only to name the read-only ones in the 400.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherFields { get; init; }
}
