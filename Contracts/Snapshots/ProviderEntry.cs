using System.Text.Json;

namespace Contracts.Snapshots;

/// <summary>A Model Catalog entry: how to reach one provider account.</summary>
public sealed record ProviderEntry
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    /// <summary>Provider kind: <c>openai</c>, <c>anthropic</c>, <c>mock</c>…</summary>
    public required string AiProvider { get; init; }
    public Guid? WorkspaceId { get; init; }
    public string? BaseUrl { get; init; }
    /// <summary>The provider key, encrypted with the shared secret key; null when none.</summary>
    public string? EncryptedKey { get; init; }
    /// <summary>Allow-list of model ids; empty means all.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
    /// <summary>Provider-specific settings (Azure resource, AWS region…).</summary>
    public JsonElement? Configurations { get; init; }
    /// <summary>A disabled provider cannot be used (a fallback moves on to its next target).</summary>
    public bool Disabled { get; init; }
    public UsageLimitsEntry? UsageLimits { get; init; }
    public IReadOnlyList<RateLimitEntry> RateLimits { get; init; } = [];
}
