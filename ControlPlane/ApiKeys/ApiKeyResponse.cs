using Contracts.Json;
using System.Text.Json;
using ControlPlane.Catalog;
using ControlPlane.Governance;
using ControlPlane.Limits;

namespace ControlPlane.ApiKeys;

/// <summary>An API key as reads show it: never the key, never its hash.</summary>
internal record ApiKeyResponse
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string SubType { get; init; }
    public Guid? WorkspaceId { get; init; }
    public string? UserId { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public ApiKeyDefaultsBody? Defaults { get; init; }
    public IReadOnlyList<RateLimit>? RateLimits { get; init; }
    public UsageLimitsResponse? UsageLimits { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary><c>active</c>, <c>revoked</c> or <c>expired</c>.</summary>
    public required string Status { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <param name="budget">The current period's counter; null: unknown (Redis unavailable) or no usage_limits.</param>
    public static ApiKeyResponse From(ApiKey key, DateTimeOffset now, BudgetState? budget = null) => new()
    {
        Id = key.Id,
        Name = key.Name,
        Type = key.Type,
        SubType = key.SubType,
        WorkspaceId = key.WorkspaceId,
        UserId = key.UserId,
        Scopes = key.Scopes,
        Defaults = key.Defaults is null ? null : JsonSerializer.Deserialize<ApiKeyDefaultsBody>(key.Defaults, ContractJson.Options),
        RateLimits = LimitsValidator.Deserialize<List<RateLimit>>(key.RateLimits),
        UsageLimits = UsageLimitsResponse.From(LimitsValidator.Deserialize<UsageLimits>(key.UsageLimits), budget),
        ExpiresAt = key.ExpiresAt,
        Status = key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= now ? "expired" : "active",
        RevokedAt = key.RevokedAt,
        CreatedAt = key.CreatedAt,
        UpdatedAt = key.UpdatedAt,
    };
}
