namespace ControlPlane.Catalog;

/// <summary>A Model Catalog entry. The provider key is stored only encrypted (<c>SecretProtector</c>).</summary>
internal sealed class Provider
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string AiProvider { get; set; }
    /// <summary>Null: shared by every workspace.</summary>
    public Guid? WorkspaceId { get; set; }
    public string? BaseUrl { get; set; }
    public string? EncryptedKey { get; set; }
    public List<string> Models { get; set; } = [];
    /// <summary>JSON object (jsonb).</summary>
    public string? Configurations { get; set; }
    /// <summary>JSON (jsonb), shape <c>UsageLimits</c>.</summary>
    public string? UsageLimits { get; set; }
    /// <summary>JSON (jsonb), shape list of <c>RateLimit</c>.</summary>
    public string? RateLimits { get; set; }
    /// <summary>A disabled provider cannot be used; a fallback moves on to its next target.</summary>
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
