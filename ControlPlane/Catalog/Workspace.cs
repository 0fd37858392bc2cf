namespace ControlPlane.Catalog;

internal sealed class Workspace
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>JSON (jsonb), shape <c>WorkspaceDefaults</c>.</summary>
    public string? Defaults { get; set; }
    /// <summary>JSON (jsonb), shape <c>UsageLimits</c>.</summary>
    public string? UsageLimits { get; set; }
    /// <summary>JSON (jsonb), shape list of <c>RateLimit</c>.</summary>
    public string? RateLimits { get; set; }
    /// <summary><c>fail_open</c> or <c>fail_closed</c>: what limits do while Redis is unreachable.</summary>
    public string RedisFailurePolicy { get; set; } = "fail_open";
    /// <summary>Where budget alerts are POSTed; null: no webhook.</summary>
    public string? AlertWebhookUrl { get; set; }
    /// <summary>The webhook's signing secret, encrypted like provider keys (<c>SecretProtector</c>); never returned.</summary>
    public string? AlertWebhookEncryptedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
