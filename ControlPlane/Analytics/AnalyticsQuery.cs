using ControlPlane.Logs;

namespace ControlPlane.Analytics;

/// <summary>
/// An analytics request: the filters of <c>/v1/logs</c> with the time range resolved (default: the last 24 hours),
/// the bucket width, and for groups how many to return.
/// </summary>
internal sealed record AnalyticsQuery(LogQuery Filters, DateTimeOffset From, DateTimeOffset To, Granularity Granularity, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>The first bucket's start: ranges are widened to whole buckets, as the rollups hold whole buckets.</summary>
    public DateTimeOffset RangeStart => TimeBuckets.Floor(From, Granularity);

    /// <summary>The end (exclusive) of the last bucket, the one <see cref="To"/> falls in.</summary>
    public DateTimeOffset RangeEnd => TimeBuckets.Floor(To, Granularity) + TimeBuckets.Step(Granularity);

    /// <summary>Whether a filter needs the raw events (the rollups are not kept per status, trace, cache status or metadata).</summary>
    public bool NeedsRawEvents => LogFilterSql.NeedsRawEvents(Filters);
}
