namespace ControlPlane.Catalog;

/// <summary>A gateway API key. Only its hash is stored; the key is shown once, on create.</summary>
internal sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary><c>organisation</c> or <c>workspace</c>.</summary>
    public required string Type { get; set; }
    /// <summary><c>user</c> or <c>service</c>.</summary>
    public required string SubType { get; set; }
    public Guid? WorkspaceId { get; set; }
    public string? UserId { get; set; }
    public required string KeyHash { get; set; }
    /// <summary>The hash of the secret a rotation replaced, still valid until <see cref="PreviousKeyExpiresAt"/> (grace period).</summary>
    public string? PreviousKeyHash { get; set; }
    public DateTimeOffset? PreviousKeyExpiresAt { get; set; }
    public List<string> Scopes { get; set; } = [];
    /// <summary>JSON (jsonb), shape <c>ApiKeyDefaults</c>.</summary>
    public string? Defaults { get; set; }
    public string? UsageLimits { get; set; }
    public string? RateLimits { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>The key configured as <c>Gateway:AdminApiKey</c>; replaced when that setting changes.</summary>
    public bool IsBootstrap { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
