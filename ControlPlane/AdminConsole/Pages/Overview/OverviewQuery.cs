using System.Globalization;

namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>The analytics query string for a range ending at <c>now</c>, optionally narrowed to one workspace.</summary>
internal static class OverviewQuery
{
    public static string For(OverviewRange range, Guid? workspaceId, DateTimeOffset now)
    {
        // Every call of one load shares the same fixed bounds, so the graphs' buckets line up exactly.
        var to = now.ToUniversalTime();
        var from = to - range.Length;
        var query = $"time_of_generation_min={Iso(from)}&time_of_generation_max={Iso(to)}&granularity={range.Granularity}";
        return workspaceId is { } id ? $"{query}&workspace_id={id}" : query;
    }

    /// <summary>The path of the totals per value of a metadata key; the key is one path segment, escaped.</summary>
    public static string MetadataGroupPath(string key) => $"/v1/analytics/groups/metadata/{Uri.EscapeDataString(key)}";

    private static string Iso(DateTimeOffset time) =>
        Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
