namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>
/// The range's totals for the tiles. The API gives latency percentiles per bucket, not for the whole range, so the
/// range's p50/p95 are estimated as request-weighted percentiles of the buckets' p50s/p95s: exact when all requests
/// fall in one bucket, close otherwise.
/// </summary>
public sealed record OverviewSummary(long Requests, decimal CostUsd, long TotalTokens, long Errors, double P50Ms, double P95Ms)
{
    public static readonly OverviewSummary Empty = new(0, 0m, 0, 0, 0, 0);

    /// <summary>Errors ÷ requests (0 without requests).</summary>
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    /// <summary>Whether the latencies are estimates from several buckets rather than one bucket's exact percentiles.</summary>
    public bool LatencyEstimated { get; init; }

    public static OverviewSummary From(IReadOnlyList<OverviewPoint> points, decimal exactCostUsd)
    {
        var busy = points.Where(p => p.Requests > 0).ToList();
        if (busy.Count == 0)
        {
            return Empty with { CostUsd = exactCostUsd };
        }

        return new OverviewSummary(
            busy.Sum(p => p.Requests), exactCostUsd, busy.Sum(p => p.TotalTokens), busy.Sum(p => p.Errors),
            WeightedPercentile(busy.Select(p => (p.P50Ms, p.Requests)), 0.5),
            WeightedPercentile(busy.Select(p => (p.P95Ms, p.Requests)), 0.95))
        {
            LatencyEstimated = busy.Count > 1,
        };
    }

    /// <summary>The smallest value at or below which <paramref name="quantile"/> of the weight lies.</summary>
    public static double WeightedPercentile(IEnumerable<(double Value, long Weight)> items, double quantile)
    {
        var ordered = items.Where(i => i.Weight > 0).OrderBy(i => i.Value).ToList();
        var total = ordered.Sum(i => i.Weight);
        if (total == 0)
        {
            return 0;
        }

        var threshold = quantile * total;
        long cumulative = 0;
        foreach (var (value, weight) in ordered)
        {
            cumulative += weight;
            if (cumulative >= threshold)
            {
                return value;
            }
        }

        return ordered[^1].Value;
    }
}
