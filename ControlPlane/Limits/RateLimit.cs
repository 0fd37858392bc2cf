namespace ControlPlane.Limits;

/// <summary>One entry of <c>rate_limits</c>.</summary>
internal sealed record RateLimit
{
    /// <summary><c>requests</c> or <c>tokens</c>.</summary>
    public string? Type { get; init; }
    /// <summary><c>rpm</c>, <c>rph</c> or <c>rpd</c>.</summary>
    public string? Unit { get; init; }
    public long? Value { get; init; }
}
