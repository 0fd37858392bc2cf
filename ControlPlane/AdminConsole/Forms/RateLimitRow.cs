namespace ControlPlane.AdminConsole.Forms;

/// <summary>One editable <c>rate_limits[i]</c> entry; the value stays text until the form is sent, so a typo is shown, not lost.</summary>
public sealed class RateLimitRow
{
    /// <summary><c>requests</c> or <c>tokens</c>.</summary>
    public string Type { get; set; } = "requests";

    /// <summary><c>rpm</c>, <c>rph</c> or <c>rpd</c>.</summary>
    public string Unit { get; set; } = "rpm";

    public string Value { get; set; } = "";
}
