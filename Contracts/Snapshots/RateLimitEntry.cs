namespace Contracts.Snapshots;

/// <summary>One entry of <c>rate_limits</c> (CONTRACT.md §3).</summary>
public sealed record RateLimitEntry
{
    /// <summary><c>requests</c> or <c>tokens</c>.</summary>
    public string Type { get; init; } = "requests";
    /// <summary><c>rpm</c>, <c>rph</c> or <c>rpd</c>.</summary>
    public string Unit { get; init; } = "rpm";
    public long Value { get; init; }
}
