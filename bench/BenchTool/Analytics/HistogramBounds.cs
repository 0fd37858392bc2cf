using System.Globalization;
using Contracts.Analytics;

namespace BenchTool.Analytics;

/// <summary>
/// The rollup latency bucket bounds as a PostgreSQL array literal, so the seeding SQL buckets latencies exactly as
/// <see cref="LatencyHistogram.BucketOf"/> does (bench/analytics.sh passes it to <c>width_bucket</c>).
/// </summary>
internal static class HistogramBounds
{
    public static int Print()
    {
        var bounds = string.Join(',', LatencyHistogram.UpperBoundsMs.Select(b => b.ToString("R", CultureInfo.InvariantCulture)));
        Console.WriteLine($"{LatencyHistogram.BucketCount} {{{bounds}}}");
        return 0;
    }
}
