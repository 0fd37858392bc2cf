namespace LogIngestor.Rollups;

/// <summary>Sums stored request logs into minute and hour rollup rows.</summary>
internal static class RollupBuilder
{
    public const short Minute = 1;
    public const short Hour = 60;

    public static Dictionary<RollupKey, RollupTotals> Build(IEnumerable<RollupSource> rows)
    {
        var totals = new Dictionary<RollupKey, RollupTotals>();
        foreach (var row in rows)
        {
            Add(totals, new RollupKey(Minute, Truncate(row.CreatedAtUtc, TimeSpan.TicksPerMinute), row.WorkspaceId, row.ApiKeyId, row.Provider, row.Model), row);
            Add(totals, new RollupKey(Hour, Truncate(row.CreatedAtUtc, TimeSpan.TicksPerHour), row.WorkspaceId, row.ApiKeyId, row.Provider, row.Model), row);
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
