using ControlPlane.Logs;
using NpgsqlTypes;

namespace ControlPlane.Analytics;

/// <summary>
/// The SQL behind graphs and groups. Rollups (<c>request_rollups</c>, kept by LogIngestor per minute and hour, per
/// workspace, API key, provider and model) answer whatever they can; a filter they do not keep (status, trace_id,
/// cache_status, metadata), and grouping by metadata, read the raw <c>request_logs</c> instead — correct, but slower
/// over long ranges. Values are always parameters; only fixed names chosen here are spliced into the text.
/// </summary>
internal static class AnalyticsSql
{
    private const string RollupSums = """
        sum(requests)::bigint, sum(errors)::bigint, sum(cache_hits)::bigint, sum(cache_lookups)::bigint,
        sum(prompt_tokens)::bigint, sum(completion_tokens)::bigint, sum(cached_tokens)::bigint, coalesce(sum(cost_usd), 0),
        sum(latency_ms_sum)::bigint
        """;

    private const string RawSums = """
        count(*), count(*) FILTER (WHERE status >= 400), count(*) FILTER (WHERE cache_status IN ('HIT', 'SEMANTIC HIT')),
        count(*) FILTER (WHERE cache_status <> 'DISABLED'), coalesce(sum(prompt_tokens), 0)::bigint,
        coalesce(sum(completion_tokens), 0)::bigint, coalesce(sum(cached_tokens), 0)::bigint, coalesce(sum(cost_usd), 0),
        coalesce(sum(latency_ms), 0)::bigint
        """;

    /// <summary>
    /// One row per non-empty bucket: timestamp, requests, errors, cache hits, cache lookups, prompt/completion/cached
    /// tokens, cost, latency sum; from the raw table, exact p50/p95/p99 follow when <paramref name="latency"/> is set.
    /// </summary>
    public static AnalyticsCommand Series(AnalyticsQuery query, Guid? workspaceScope, bool latency)
    {
        var unit = TimeBuckets.SqlUnit(query.Granularity);
        if (query.NeedsRawEvents)
        {
            var where = RawConditions(query, workspaceScope);
            var percentiles = latency ? ", percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms)" : "";
            return new AnalyticsCommand(
                $"SELECT date_trunc('{unit}', created_at, 'UTC') AS t, {RawSums}{percentiles} FROM request_logs WHERE {where.ToSql()} GROUP BY 1 ORDER BY 1",
                where);
        }

        var rollups = RollupConditions(query, workspaceScope);
        return new AnalyticsCommand(
            $"SELECT date_trunc('{unit}', bucket, 'UTC') AS t, {RollupSums} FROM request_rollups WHERE {rollups.ToSql()} GROUP BY 1 ORDER BY 1",
            rollups);
    }

    /// <summary>
    /// Summed latency histograms per bucket from the rollups, as (timestamp, bucket index from 0, count) for non-zero counts.
    /// Only for queries the rollups can answer.
    /// </summary>
    public static AnalyticsCommand SeriesHistograms(AnalyticsQuery query, Guid? workspaceScope)
    {
        var unit = TimeBuckets.SqlUnit(query.Granularity);
        var where = RollupConditions(query, workspaceScope);
        return new AnalyticsCommand(
            $"""
            SELECT date_trunc('{unit}', r.bucket, 'UTC') AS t, (h.i - 1)::int, sum(h.n)::bigint
            FROM request_rollups r CROSS JOIN LATERAL unnest(r.latency_histogram) WITH ORDINALITY AS h(n, i)
            WHERE {where.ToSql()} AND h.n <> 0
            GROUP BY 1, 2
            """,
            where);
    }

    /// <summary>
    /// Totals per group, most expensive first, at most <see cref="AnalyticsQuery.Limit"/>: group, requests, errors,
    /// prompt/completion/cached tokens, cost, then either the p50 latency (raw table) or the group's summed histogram as
    /// two arrays, indexes and counts (rollups).
    /// </summary>
    public static AnalyticsCommand Groups(AnalyticsQuery query, Guid? workspaceScope, GroupDimension dimension, string? metadataKey)
    {
        if (dimension is GroupDimension.Users or GroupDimension.Metadata || query.NeedsRawEvents)
        {
            var where = RawConditions(query, workspaceScope);
            var key = dimension switch
            {
                GroupDimension.Users => "metadata->>'_user'",
                GroupDimension.Metadata => $"metadata->>{where.Parameter(metadataKey ?? "", NpgsqlDbType.Text)}",
                _ => RollupColumn(dimension) + "::text",
            };
            if (dimension is GroupDimension.Users or GroupDimension.Metadata)
            {
                // Only the requests that carry the key: "no user" is not a user.
                where.AddRaw($"{key} IS NOT NULL");
            }

            return new AnalyticsCommand(
                $"""
                SELECT {key} AS k, count(*), count(*) FILTER (WHERE status >= 400), coalesce(sum(prompt_tokens), 0)::bigint,
                  coalesce(sum(completion_tokens), 0)::bigint, coalesce(sum(cached_tokens), 0)::bigint, coalesce(sum(cost_usd), 0) AS cost,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms)
                FROM request_logs WHERE {where.ToSql()}
                GROUP BY 1 ORDER BY cost DESC, 2 DESC, 1 LIMIT {query.Limit}
                """,
                where);
        }

        var column = RollupColumn(dimension);
        var rollups = RollupConditions(query, workspaceScope);
        // chr(1) stands for NULL in the joins, so they stay hash joins (no real value starts with it).
        return new AnalyticsCommand(
            $"""
            WITH filtered AS (
              SELECT {column}::text AS k, requests, errors, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_histogram
              FROM request_rollups WHERE {rollups.ToSql()}
            ), top_groups AS (
              SELECT k, sum(requests)::bigint AS requests, sum(errors)::bigint AS errors, sum(prompt_tokens)::bigint AS prompt_tokens,
                sum(completion_tokens)::bigint AS completion_tokens, sum(cached_tokens)::bigint AS cached_tokens, sum(cost_usd) AS cost
              FROM filtered GROUP BY k ORDER BY cost DESC, requests DESC, k LIMIT {query.Limit}
            ), histograms AS (
              SELECT t.k, h.i, sum(h.n)::bigint AS n
              FROM filtered f JOIN top_groups t ON coalesce(f.k, chr(1)) = coalesce(t.k, chr(1))
                CROSS JOIN LATERAL unnest(f.latency_histogram) WITH ORDINALITY AS h(n, i)
              WHERE h.n <> 0 GROUP BY t.k, h.i
            ), summed AS (
              SELECT k, array_agg((i - 1)::int ORDER BY i) AS indexes, array_agg(n ORDER BY i) AS counts FROM histograms GROUP BY k
            )
            SELECT t.k, t.requests, t.errors, t.prompt_tokens, t.completion_tokens, t.cached_tokens, t.cost, s.indexes, s.counts
            FROM top_groups t LEFT JOIN summed s ON coalesce(s.k, chr(1)) = coalesce(t.k, chr(1))
            ORDER BY t.cost DESC, t.requests DESC, t.k
            """,
            rollups);
    }

    private static string RollupColumn(GroupDimension dimension) => dimension switch
    {
        GroupDimension.AiModels => "model",
        GroupDimension.Providers => "provider",
        GroupDimension.ApiKeys => "api_key_id",
        GroupDimension.Workspaces => "workspace_id",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Not a rollup dimension."),
    };

    /// <summary>The rollup rows of the query's granularity inside its (bucket-aligned) range, and its dimension filters.</summary>
    private static SqlConditions RollupConditions(AnalyticsQuery query, Guid? workspaceScope)
    {
        var where = new SqlConditions()
            .Add("granularity = {p}", TimeBuckets.RollupGranularity(query.Granularity), NpgsqlDbType.Smallint)
            .Add("bucket >= {p}", query.RangeStart, NpgsqlDbType.TimestampTz)
            .Add("bucket < {p}", query.RangeEnd, NpgsqlDbType.TimestampTz);
        LogFilterSql.AddDimensions(where, query.Filters, workspaceScope);
        return where;
    }

    /// <summary>Every filter on the raw events, over the same bucket-aligned range as the rollups would cover.</summary>
    private static SqlConditions RawConditions(AnalyticsQuery query, Guid? workspaceScope)
    {
        var where = LogFilterSql.ForRequestLogs(query.Filters, workspaceScope, includeTime: false);
        where.Add("created_at >= {p}", query.RangeStart, NpgsqlDbType.TimestampTz);
        where.Add("created_at < {p}", query.RangeEnd, NpgsqlDbType.TimestampTz);
        return where;
    }
}
