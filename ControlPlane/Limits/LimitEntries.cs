using System.Text.Json;
using Contracts.Json;
using Contracts.Snapshots;

namespace ControlPlane.Limits;

/// <summary>Stored <c>usage_limits</c>/<c>rate_limits</c> JSON → the snapshot's records (same snake_case shape).</summary>
internal static class LimitEntries
{
    public static UsageLimitsEntry? Usage(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<UsageLimitsEntry>(json, ContractJson.Options);

    public static IReadOnlyList<RateLimitEntry> Rate(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<RateLimitEntry>>(json, ContractJson.Options) ?? [];
}
