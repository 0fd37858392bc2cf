using Contracts.Analytics;
using ControlPlane.Logs;
using NpgsqlTypes;

namespace ControlPlane.Analytics;

/// <summary>
/// The SQL behind graphs and groups. Rollups (<c>request_rollups</c>, kept by LogIngestor per minute, hour and day, per
/// workspace, API key, provider and model) answer whatever they can; a filter they do not keep (status, trace_id,
/// cache_status, guardrail_action, metadata), and grouping by metadata, read the raw <c>request_logs</c> instead — correct, but slower
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
    /// The summed latency histogram as one <c>bigint[]</c> of <see cref="LatencyHistogram.BucketCount"/> counts: one sum per
    /// array position, so each rollup row is read once. Unnesting the arrays instead (a row per bucket, ~23 M rows for a
    /// 30-day hour graph over 10 M events) took 2–3 s, the <c>sum_histograms</c> aggregate ~11 s. Summed as <c>float8</c>:
    /// its transition is a plain add, ~30 % faster than <c>bigint</c>'s 128-bit state, and exact up to 2^53. Positions
    /// missing from a shorter stored array count as zero.
    /// </summary>
    private static readonly string HistogramSums =
        "ARRAY[" + string.Join(", ", Enumerable.Range(1, LatencyHistogram.BucketCount).Select(i => $"coalesce(sum(latency_histogram[{i}]::float8), 0)")) + "]::bigint[]";

    /// <summary>
    /// One row per non-empty bucket: timestamp, requests, errors, cache hits, cache lookups, prompt/completion/cached
    /// tokens, cost, latency sum; when <paramref name="latency"/> is set, then either exact p50/p95/p99 (raw table, a
    /// <c>float8[]</c>) or the bucket's summed latency histogram (rollups, a <c>bigint[]</c>).
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

        // The rows read are of the graph's own granularity, so their bucket is the point's: grouping by the indexed column
        // lets the index scan deliver the rows in order (no sort of ~1 kB rows, which spilled to disk).
        var rollups = RollupConditions(query, workspaceScope);
        var histogram = latency ? ", " + HistogramSums : "";
        return new AnalyticsCommand(
            $"SELECT bucket AS t, {RollupSums}{histogram} FROM request_rollups WHERE {rollups.ToSql()} GROUP BY bucket ORDER BY bucket",
            rollups);
    }

    /// <summary>
    /// Totals per group, most expensive first, at most <see cref="AnalyticsQuery.Limit"/>: group, requests, errors,
    /// prompt/completion/cached tokens, cost, then either the p50 latency (raw table, a <c>float8</c>) or the group's
    /// summed histogram (rollups, a <c>bigint[]</c>).
    /// </summary>
    public static AnalyticsCommand Groups(AnalyticsQuery query, Guid? workspaceScope, GroupDimension dimension, string? metadataKey)
    {
        if (ReadsRawEvents(query, dimension))
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
        var rollups = GroupRollupConditions(query, workspaceScope);
        return new AnalyticsCommand(
            $"""
            SELECT {column}::text AS k, sum(requests)::bigint, sum(errors)::bigint, sum(prompt_tokens)::bigint,
              sum(completion_tokens)::bigint, sum(cached_tokens)::bigint, sum(cost_usd) AS cost, {HistogramSums}
            FROM request_rollups WHERE {rollups.ToSql()}
            GROUP BY 1 ORDER BY cost DESC, 2 DESC, 1 LIMIT {query.Limit}
            """,
            rollups);
    }

    /// <summary>
    /// Outcomes per guardrail id from the raw events' verdicts (one row per verdict via <c>jsonb_array_elements</c>), most
    /// denials first: group, evaluations, failures, denied, warned, redacted. Every filter applies to the request.
    /// </summary>
    public static AnalyticsCommand GuardrailGroups(AnalyticsQuery query, Guid? workspaceScope)
    {
        var where = RawConditions(query, workspaceScope);
        // Most requests record no guardrail: skip their rows before expanding the arrays.
        where.AddRaw("guardrails <> '[]'::jsonb");
        return new AnalyticsCommand(
            $"""
            SELECT g.v->>'guardrail' AS k, count(*) AS evaluations,
              count(*) FILTER (WHERE g.v->'verdict' = 'false'::jsonb) AS failures,
              count(*) FILTER (WHERE g.v->>'action' = 'denied') AS denied,
              count(*) FILTER (WHERE g.v->>'action' = 'warned') AS warned,
              count(*) FILTER (WHERE g.v->>'action' = 'redacted') AS redacted
            FROM request_logs CROSS JOIN LATERAL jsonb_array_elements(guardrails) AS g(v)
            WHERE {where.ToSql()}
            GROUP BY 1 ORDER BY denied DESC, failures DESC, evaluations DESC, (g.v->>'guardrail') COLLATE "C" LIMIT {query.Limit}
            """,
            where);
    }

    /// <summary>Whether <see cref="Groups"/> reads the raw events (and so returns a p50, not a histogram).</summary>
    public static bool ReadsRawEvents(AnalyticsQuery query, GroupDimension dimension) =>
        dimension is GroupDimension.Users or GroupDimension.Metadata || query.NeedsRawEvents;

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

    /// <summary>
    /// A group's rollup rows: its whole range at once, so whole UTC days inside an hour-granularity range come from the
    /// day rows (1/24 of the rows) and only the partial days at its edges from the hour rows. Day granularity reads day
    /// rows only (its range is whole days); minute granularity keeps to minute rows (at most a day or so).
    /// </summary>
    private static SqlConditions GroupRollupConditions(AnalyticsQuery query, Guid? workspaceScope)
    {
        var firstDay = TimeBuckets.Ceiling(query.RangeStart, Granularity.Day);
        var endDay = TimeBuckets.Floor(query.RangeEnd, Granularity.Day);
        if (query.Granularity != Granularity.Hour || firstDay >= endDay)
        {
            return RollupConditions(query, workspaceScope);
        }

        var where = new SqlConditions();
        var day = where.Parameter(TimeBuckets.RollupGranularity(Granularity.Day), NpgsqlDbType.Smallint);
        var hour = where.Parameter(TimeBuckets.RollupGranularity(Granularity.Hour), NpgsqlDbType.Smallint);
        var start = where.Parameter(query.RangeStart, NpgsqlDbType.TimestampTz);
        var days = where.Parameter(firstDay, NpgsqlDbType.TimestampTz);
        var daysEnd = where.Parameter(endDay, NpgsqlDbType.TimestampTz);
        var end = where.Parameter(query.RangeEnd, NpgsqlDbType.TimestampTz);
        where.AddRaw(
            $"((granularity = {day} AND bucket >= {days} AND bucket < {daysEnd}) " +
            $"OR (granularity = {hour} AND bucket >= {start} AND bucket < {days}) " +
            $"OR (granularity = {hour} AND bucket >= {daysEnd} AND bucket < {end}))");
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
