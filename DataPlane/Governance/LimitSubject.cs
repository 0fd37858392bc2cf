using Contracts.Snapshots;

namespace DataPlane.Governance;

/// <summary>One thing limits are set on (a key, a workspace, a provider), built once per snapshot.</summary>
internal sealed class LimitSubject(string scope, Guid id, string name, UsageLimitsEntry? budget, IReadOnlyList<RateLimitEntry> rateLimits)
{
    /// <summary>A <see cref="Contracts.Limits.LimitScope"/> value.</summary>
    public string Scope { get; } = scope;
    public Guid Id { get; } = id;
    public string Name { get; } = name;
    public UsageLimitsEntry? Budget { get; } = budget;
    public IReadOnlyList<RateLimitEntry> RateLimits { get; } = rateLimits;

    public bool HasTokenRateLimits { get; } = rateLimits.Any(r => r.Type == "tokens");

    /// <summary>Null when nothing is limited: most subjects, which then cost no Redis call at all.</summary>
    public static LimitSubject? Create(string scope, Guid id, string name, UsageLimitsEntry? budget, IReadOnlyList<RateLimitEntry>? rateLimits) =>
        budget is null && rateLimits is not { Count: > 0 } ? null : new LimitSubject(scope, id, name, budget, rateLimits ?? []);
}
