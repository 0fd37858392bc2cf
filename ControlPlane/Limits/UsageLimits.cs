namespace ControlPlane.Limits;

/// <summary><c>usage_limits</c>: a budget in USD (<c>cost</c>) or tokens, optionally reset weekly or monthly.</summary>
internal sealed record UsageLimits
{
    /// <summary><c>cost</c> or <c>tokens</c>.</summary>
    public string? Type { get; init; }
    public decimal? CreditLimit { get; init; }
    public decimal? AlertThreshold { get; init; }
    /// <summary><c>weekly</c> or <c>monthly</c>; none: never resets.</summary>
    public string? PeriodicReset { get; init; }
}
