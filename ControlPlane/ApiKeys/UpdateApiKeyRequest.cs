using System.Text.Json;
using System.Text.Json.Serialization;
using ControlPlane.Limits;

namespace ControlPlane.ApiKeys;

/// <summary>
/// Body of PUT /v1/api-keys/{id}: the fields given (not null) replace the stored ones, the others stay.
/// Read-only fields (type, workspace, ids, hashes, timestamps) are refused with 400, never silently ignored.
/// </summary>
internal sealed record UpdateApiKeyRequest
{
    public string? Name { get; init; }
    public IReadOnlyList<string?>? Scopes { get; init; }
    public ApiKeyDefaultsBody? Defaults { get; init; }
    public IReadOnlyList<RateLimit?>? RateLimits { get; init; }
    public UsageLimits? UsageLimits { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Every other field of the body, kept only to name the read-only ones in the 400.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherFields { get; init; }
}
