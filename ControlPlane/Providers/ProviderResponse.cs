using System.Text.Json;
using ControlPlane.Catalog;
using ControlPlane.Limits;

namespace ControlPlane.Providers;

/// <summary>A provider as the API shows it: the key never, only whether there is one.</summary>
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
    UsageLimits? UsageLimits,
    IReadOnlyList<RateLimit>? RateLimits,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ProviderResponse From(Provider provider) => new(
        provider.Id,
        provider.Slug,
        provider.Name,
        provider.AiProvider,
        provider.WorkspaceId,
        provider.BaseUrl,
        provider.EncryptedKey is not null,
        provider.Models,
        provider.Configurations is null ? null : JsonSerializer.Deserialize<JsonElement>(provider.Configurations),
        LimitsValidator.Deserialize<UsageLimits>(provider.UsageLimits),
        LimitsValidator.Deserialize<List<RateLimit>>(provider.RateLimits),
        provider.CreatedAt,
        provider.UpdatedAt);
}
