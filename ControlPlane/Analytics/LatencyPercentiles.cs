using Contracts.Analytics;

namespace ControlPlane.Analytics;

/// <summary>p50/p95/p99 in milliseconds, rounded to 0.01 ms.</summary>
internal sealed record LatencyPercentiles(double P50, double P95, double P99)
{
    public static readonly LatencyPercentiles Zero = new(0, 0, 0);

    /// <summary>From summed rollup histograms (estimates within a bucket's width, ~6 %); zeros when nothing was counted.</summary>
    public static LatencyPercentiles FromHistogram(IReadOnlyList<long> counts) =>
        LatencyHistogram.Percentile(counts, 0.5) is { } p50
            ? new(Round(p50), Round(LatencyHistogram.Percentile(counts, 0.95)!.Value), Round(LatencyHistogram.Percentile(counts, 0.99)!.Value))
            : Zero;

    public static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
