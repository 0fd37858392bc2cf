namespace ControlPlane.Analytics;

/// <summary>What one time bucket adds up to; latency percentiles only when the graph asked for them.</summary>
internal sealed record BucketTotals(
    DateTimeOffset Timestamp,
    long Requests,
    long Errors,
    long CacheHits,
    long CacheLookups,
    long PromptTokens,
    long CompletionTokens,
    long CachedTokens,
    decimal CostUsd,
    long LatencyMsSum,
    LatencyPercentiles? Latency = null)
{
    public static BucketTotals Empty(DateTimeOffset timestamp) => new(timestamp, 0, 0, 0, 0, 0, 0, 0, 0m, 0);
}
