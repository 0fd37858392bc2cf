namespace ControlPlane.AdminConsole.Pages.Providers;

/// <summary>One editable <c>rate_limits</c> entry; the value stays text until the form is sent, so a typo is shown, not lost.</summary>
internal sealed class RateLimitRow
{
    public string Type { get; set; } = "requests";

    public string Unit { get; set; } = "rpm";

    public string Value { get; set; } = "";
}
