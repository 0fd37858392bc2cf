namespace Contracts.Snapshots;

/// <summary>A gateway API key as the data plane knows it: the hash, never the key.</summary>
public sealed record ApiKeyEntry
{
    public required Guid Id { get; init; }
    /// <summary>Lower-case hex SHA-256 of the key (<c>ApiKeyHasher.Hash</c>).</summary>
    public required string KeyHash { get; init; }
    public required string Name { get; init; }
    /// <summary><c>organisation</c> or <c>workspace</c>.</summary>
    public required string Type { get; init; }
    /// <summary><c>user</c> or <c>service</c>.</summary>
    public required string SubType { get; init; }
    public Guid? WorkspaceId { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public DateTimeOffset? ExpiresAt { get; init; }
    public ApiKeyDefaults? Defaults { get; init; }
    public UsageLimitsEntry? UsageLimits { get; init; }
    public IReadOnlyList<RateLimitEntry> RateLimits { get; init; } = [];
}
