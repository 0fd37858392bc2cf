using ControlPlane.Analytics;

namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>The five graphs of one load (same range, same buckets) → one point per bucket for the charts.</summary>
internal static class OverviewSeries
{
    public static IReadOnlyList<OverviewPoint> Merge(
        IReadOnlyList<RequestsPoint> requests, IReadOnlyList<CostPoint> cost, IReadOnlyList<TokensPoint> tokens,
        IReadOnlyList<ErrorsPoint> errors, IReadOnlyList<LatencyPoint> latency)
    {
        // Keyed by bucket rather than zipped by position: a bucket missing from one graph reads as zeros, not as a shift.
        var costs = cost.ToDictionary(p => p.Timestamp);
        var tokenCounts = tokens.ToDictionary(p => p.Timestamp);
        var errorCounts = errors.ToDictionary(p => p.Timestamp);
        var latencies = latency.ToDictionary(p => p.Timestamp);
        return requests
            .OrderBy(p => p.Timestamp)
            .Select(p =>
            {
                var c = costs.GetValueOrDefault(p.Timestamp);
                var t = tokenCounts.GetValueOrDefault(p.Timestamp);
                var e = errorCounts.GetValueOrDefault(p.Timestamp);
                var l = latencies.GetValueOrDefault(p.Timestamp);
                return new OverviewPoint(
                    p.Timestamp.UtcDateTime, p.Requests, (double)(c?.CostUsd ?? 0m), t?.PromptTokens ?? 0, t?.CompletionTokens ?? 0,
                    t?.TotalTokens ?? 0, e?.Errors ?? 0, l?.P50Ms ?? 0, l?.P95Ms ?? 0);
            })
            .ToList();
    }
}
