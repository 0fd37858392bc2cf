namespace ControlPlane.Analytics;

/// <summary>Bucket totals → the points of each graph.</summary>
internal static class GraphPoints
{
    public static RequestsPoint Requests(BucketTotals b) => new(b.Timestamp, b.Requests);

    public static CostPoint Cost(BucketTotals b) => new(b.Timestamp, b.CostUsd, b.Requests);

    public static TokensPoint Tokens(BucketTotals b) =>
        new(b.Timestamp, b.PromptTokens, b.CompletionTokens, b.CachedTokens, b.PromptTokens + b.CompletionTokens);

    public static LatencyPoint Latency(BucketTotals b)
    {
        var percentiles = b.Latency ?? LatencyPercentiles.Zero;
        var average = b.Requests == 0 ? 0 : LatencyPercentiles.Round((double)b.LatencyMsSum / b.Requests);
        return new(b.Timestamp, percentiles.P50, percentiles.P95, percentiles.P99, average, b.Requests);
    }

    public static ErrorsPoint Errors(BucketTotals b) => new(b.Timestamp, b.Errors, b.Requests, Rate(b.Errors, b.Requests));

    public static CacheHitRatePoint CacheHitRate(BucketTotals b) => new(b.Timestamp, b.CacheHits, b.CacheLookups, Rate(b.CacheHits, b.CacheLookups));

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 6);
}
