namespace LogIngestor.Rollups;

/// <summary>Sums stored request logs into minute, hour and day rollup rows (the <c>granularity</c> column is the width in minutes).</summary>
internal static class RollupBuilder
{
    public const short Minute = 1;
    public const short Hour = 60;

    /// <summary>UTC days: a 30-day graph or group reads ~30 rows per group instead of ~720 hour rows (issue 6 benchmark).</summary>
    public const short Day = 1440;

    public static Dictionary<RollupKey, RollupTotals> Build(IEnumerable<RollupSource> rows)
    {
        var totals = new Dictionary<RollupKey, RollupTotals>();
        foreach (var row in rows)
        {
            Add(totals, new RollupKey(Minute, Truncate(row.CreatedAtUtc, TimeSpan.TicksPerMinute), row.WorkspaceId, row.ApiKeyId, row.Provider, row.Model), row);
            Add(totals, new RollupKey(Hour, Truncate(row.CreatedAtUtc, TimeSpan.TicksPerHour), row.WorkspaceId, row.ApiKeyId, row.Provider, row.Model), row);
            Add(totals, new RollupKey(Day, Truncate(row.CreatedAtUtc, TimeSpan.TicksPerDay), row.WorkspaceId, row.ApiKeyId, row.Provider, row.Model), row);
        }

        return totals;
    }

    private static void Add(Dictionary<RollupKey, RollupTotals> totals, RollupKey key, RollupSource row)
    {
        if (!totals.TryGetValue(key, out var sum))
        {
            sum = new RollupTotals();
            totals.Add(key, sum);
        }

        sum.Add(row);
    }

    private static DateTime Truncate(DateTime utc, long ticks) => new(utc.Ticks - (utc.Ticks % ticks), DateTimeKind.Utc);
}
