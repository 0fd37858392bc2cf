namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>A time range the overview offers, and the bucket width that draws it with 25–170 points.</summary>
public sealed record OverviewRange(string Id, string Label, TimeSpan Length, string Granularity)
{
    public static readonly IReadOnlyList<OverviewRange> All =
    [
        new("1h", "Last 1 hour", TimeSpan.FromHours(1), "minute"),
        new("24h", "Last 24 hours", TimeSpan.FromHours(24), "hour"),
        new("7d", "Last 7 days", TimeSpan.FromDays(7), "hour"),
        new("30d", "Last 30 days", TimeSpan.FromDays(30), "day"),
    ];

    /// <summary>The API's own default range (24 hours) when nothing else is chosen.</summary>
    public static OverviewRange Default => All[1];

    public static OverviewRange Find(string? id) => All.FirstOrDefault(r => r.Id == id) ?? Default;
}
