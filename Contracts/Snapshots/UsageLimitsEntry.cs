namespace Contracts.Snapshots;

/// <summary><c>usage_limits</c> of a key, provider or workspace (CONTRACT.md §3), as configured; usage itself is tracked elsewhere.</summary>
public sealed record UsageLimitsEntry
{
    /// <summary><c>cost</c> (USD) or <c>tokens</c>.</summary>
    public string Type { get; init; } = "cost";
    public decimal CreditLimit { get; init; }
    public decimal? AlertThreshold { get; init; }
    /// <summary><c>weekly</c>, <c>monthly</c>, or null: never resets.</summary>
    public string? PeriodicReset { get; init; }
}
