using Contracts.Analytics;

namespace Contracts.Tests.Analytics;

public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(1.001, 1)]
    public void BucketOf_PutsABoundInItsOwnBucket(double latencyMs, int bucket) => Assert.Equal(bucket, LatencyHistogram.BucketOf(latencyMs));

    [Fact]
    public void BucketOf_BeyondTheLastBound_IsTheOpenEndedBucket() =>
        Assert.Equal(LatencyHistogram.BucketCount - 1, LatencyHistogram.BucketOf(24 * 60 * 60 * 1000));

    [Theory]
    [InlineData(0.50)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    public void Percentile_OfSummedHistograms_IsWithinABucketsWidthOfTheTrueOne(double quantile)
    {
        // Two "rollup rows" of latencies 1..2000 ms and 500..900 ms, summed as the analytics API sums them.
        var latencies = Enumerable.Range(1, 2000).Concat(Enumerable.Range(500, 401)).Select(ms => (double)ms).ToList();
        var counts = new long[LatencyHistogram.BucketCount];
        foreach (var latency in latencies)
        {
            counts[LatencyHistogram.BucketOf(latency)]++;
        }

        var sorted = latencies.Order().ToList();
        var truth = sorted[(int)Math.Ceiling(quantile * sorted.Count) - 1];
        var estimate = LatencyHistogram.Percentile(counts, quantile)!.Value;
        Assert.InRange(estimate, truth * 0.94, truth * 1.06);
    }

    [Fact]
    public void Percentile_OfNothing_IsNull() => Assert.Null(LatencyHistogram.Percentile(new long[LatencyHistogram.BucketCount], 0.5));
}
