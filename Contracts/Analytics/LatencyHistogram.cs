namespace Contracts.Analytics;

/// <summary>
/// The fixed latency buckets of the analytics rollups: counts per bucket add up across rows, so p50/p95/p99 of any
/// time range and group come from summed histograms without reading the raw events. Bucket i holds latencies in
/// (<c>UpperBoundsMs[i-1]</c>, <c>UpperBoundsMs[i]</c>]; the last bucket is open-ended. Bounds grow by ~12 %, so an
/// estimated percentile is within ~6 % of the true one.
/// </summary>
public static class LatencyHistogram
{
    /// <summary>Upper bounds in milliseconds: 1 ms, then ×1.12 up to ~30 min (the last bucket takes the rest).</summary>
    public static readonly IReadOnlyList<double> UpperBoundsMs = BuildBounds();

    public static int BucketCount => UpperBoundsMs.Count + 1;

    public static int BucketOf(double latencyMs)
    {
        // Binary search: the first bound at or above the latency.
        int low = 0, high = UpperBoundsMs.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (UpperBoundsMs[mid] < latencyMs)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0–1) of the latencies counted in <paramref name="counts"/>, interpolated inside
    /// its bucket; null when nothing was counted.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0 || seen + counts[i] < rank)
            {
                seen += counts[i];
                continue;
            }

            var lower = i == 0 ? 0 : UpperBoundsMs[i - 1];
            var upper = i < UpperBoundsMs.Count ? UpperBoundsMs[i] : lower * 1.12;
            var within = (rank - seen) / counts[i];
            return lower + ((upper - lower) * Math.Clamp(within, 0, 1));
        }

        return UpperBoundsMs[^1];
    }

    private static double[] BuildBounds()
    {
        var bounds = new List<double>();
        for (var bound = 1.0; bound < 30 * 60 * 1000; bound *= 1.12)
        {
            bounds.Add(Math.Round(bound, 3));
        }

        return [.. bounds];
    }
}
