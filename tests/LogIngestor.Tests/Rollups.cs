using Contracts.Analytics;
using Contracts.Usage;

namespace LogIngestor.Tests;

/// <summary>Reads <c>request_rollups</c>, and aggregates events independently of the service's own code.</summary>
internal static class Rollups
{
    public static async Task<List<RollupRow>> ReadAsync(AnalyticsDatabase db)
    {
        await using var command = db.DataSource.CreateCommand(
            "SELECT granularity, bucket, workspace_id, api_key_id, provider, model, requests, errors, cache_hits, cache_lookups, " +
            "prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms_sum, latency_histogram FROM request_rollups");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<RollupRow>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(new RollupRow(
                reader.GetInt16(0),
                reader.GetDateTime(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.GetInt64(8),
                reader.GetInt64(9),
                reader.GetInt64(10),
                reader.GetInt64(11),
                reader.GetInt64(12),
                reader.GetDecimal(13),
                reader.GetInt64(14),
                string.Join(',', reader.GetFieldValue<long[]>(15))));
        }

        return Sorted(rows);
    }

    /// <summary>What the rollups should hold for these events: grouped with LINQ, histogram buckets by a linear scan of the bounds.</summary>
    public static List<RollupRow> Expected(IEnumerable<UsageEvent> events)
    {
        var list = events.ToList();
        var rows = new List<RollupRow>();
        foreach (var (granularity, unit) in new[] { ((short)1, TimeSpan.FromMinutes(1)), ((short)60, TimeSpan.FromHours(1)), ((short)1440, TimeSpan.FromDays(1)) })
        {
            rows.AddRange(list
                .GroupBy(e => (Bucket: Floor(e.Timestamp.UtcDateTime, unit), e.WorkspaceId, e.ApiKeyId, e.Provider, e.Model))
                .Select(g => new RollupRow(
                    granularity,
                    g.Key.Bucket,
                    g.Key.WorkspaceId,
                    g.Key.ApiKeyId,
                    g.Key.Provider,
                    g.Key.Model,
                    g.LongCount(),
                    g.LongCount(e => e.Status >= 400),
                    g.LongCount(e => e.CacheStatus is "HIT" or "SEMANTIC HIT"),
                    g.LongCount(e => e.CacheStatus != "DISABLED"),
                    g.Sum(e => (long)e.PromptTokens),
                    g.Sum(e => (long)e.CompletionTokens),
                    g.Sum(e => (long)e.CachedTokens),
                    g.Sum(e => e.CostUsd),
                    g.Sum(e => (long)e.LatencyMs),
                    string.Join(',', Histogram(g.Select(e => e.LatencyMs)))))
                .ToList());
        }

        return Sorted(rows);
    }

    /// <summary>Bucket i holds (bound[i-1], bound[i]]; the last bucket everything above the last bound.</summary>
    public static long[] Histogram(IEnumerable<int> latencies)
    {
        var bounds = LatencyHistogram.UpperBoundsMs;
        var counts = new long[bounds.Count + 1];
        foreach (var latency in latencies)
        {
            var bucket = 0;
            while (bucket < bounds.Count && latency > bounds[bucket])
            {
                bucket++;
            }

            counts[bucket]++;
        }

        return counts;
    }

    private static DateTime Floor(DateTime utc, TimeSpan unit) => new(utc.Ticks / unit.Ticks * unit.Ticks, DateTimeKind.Utc);

    private static List<RollupRow> Sorted(IEnumerable<RollupRow> rows) =>
        [.. rows.OrderBy(r => r.Granularity).ThenBy(r => r.Bucket).ThenBy(r => r.WorkspaceId).ThenBy(r => r.ApiKeyId)
            .ThenBy(r => r.Provider, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal)];
}
