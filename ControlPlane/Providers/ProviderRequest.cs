using System.Text.Json;
using ControlPlane.Limits;

namespace ControlPlane.Providers;

/// <summary>
/// Body of POST (name, slug, ai_provider required) and PUT (every field optional: absent keeps
/// the stored value) on /v1/providers. Server-set fields (id, has_key, timestamps) are not here.
/// </summary>
internal sealed record ProviderRequest
{
    public string? Name { get; init; }
    public string? Slug { get; init; }
    public string? AiProvider { get; init; }
    /// <summary>Write-only provider secret; stored encrypted, never returned. On PUT, "" removes it.</summary>
    public string? Key { get; init; }
    public string? BaseUrl { get; init; }
    /// <summary>Provider-specific settings: a JSON object.</summary>
    public JsonElement? Configurations { get; init; }
    /// <summary>Null: shared by every workspace. Ignored for workspace keys (always their own workspace).</summary>
    public Guid? WorkspaceId { get; init; }
    /// <summary>Allow-list of model ids; empty: every model.</summary>
    public IReadOnlyList<string?>? Models { get; init; }
    public UsageLimits? UsageLimits { get; init; }
    public IReadOnlyList<RateLimit?>? RateLimits { get; init; }
    /// <summary>A disabled provider cannot be used (a fallback moves on); absent: false on create, unchanged on update.</summary>
    public bool? Disabled { get; init; }
}
