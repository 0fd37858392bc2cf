using System.Text.Json;
using ControlPlane.Catalog;
using ControlPlane.Governance;
using ControlPlane.Limits;
using ControlPlane.Providers.Configurations;

namespace ControlPlane.Providers;

/// <summary>A provider as the API shows it: the key (and write-only configuration credentials) never, only whether there is one.</summary>
internal sealed record ProviderResponse(
    Guid Id,
    string Slug,
    string Name,
    string AiProvider,
    Guid? WorkspaceId,
    string? BaseUrl,
    bool HasKey,
    IReadOnlyList<string> Models,
    JsonElement? Configurations,
    bool Disabled,
    UsageLimitsResponse? UsageLimits,
    IReadOnlyList<RateLimit>? RateLimits,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <param name="budget">The current period's counter; null: unknown (Redis unavailable) or no usage_limits.</param>
    public static ProviderResponse From(Provider provider, BudgetState? budget = null) => new(
        provider.Id,
        provider.Slug,
        provider.Name,
        provider.AiProvider,
        provider.WorkspaceId,
        provider.BaseUrl,
        provider.EncryptedKey is not null,
        provider.Models,
        ProviderConfigurations.ForDisplay(provider.Configurations),
        provider.Disabled,
        UsageLimitsResponse.From(LimitsValidator.Deserialize<UsageLimits>(provider.UsageLimits), budget),
        LimitsValidator.Deserialize<List<RateLimit>>(provider.RateLimits),
        provider.CreatedAt,
        provider.UpdatedAt);
}
