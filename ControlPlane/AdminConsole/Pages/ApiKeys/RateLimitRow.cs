namespace ControlPlane.AdminConsole.Pages.ApiKeys;

/// <summary>One row of the rate-limits editor (<c>rate_limits[i]</c>).</summary>
public sealed class RateLimitRow
{
    /// <summary><c>requests</c> or <c>tokens</c>.</summary>
    public string Type { get; set; } = "requests";

    /// <summary><c>rpm</c>, <c>rph</c> or <c>rpd</c>.</summary>
    public string Unit { get; set; } = "rpm";

    public string Value { get; set; } = "";
}
