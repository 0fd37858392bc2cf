namespace ControlPlane.Analytics;

/// <summary>The graphs of <c>/v1/analytics/graphs/…</c>.</summary>
internal enum GraphKind
{
    Requests,
    Cost,
    Tokens,
    Latency,
    Errors,
    CacheHitRate,
}
