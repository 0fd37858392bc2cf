using ControlPlane.AdminConsole.Pages.Overview;

namespace ControlPlane.Tests.AdminConsole.Overview;

public sealed class OverviewSummaryTests
{
    private static readonly DateTime Start = new(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc);

    private static OverviewPoint Point(int minute, long requests, long tokens = 0, long errors = 0, double p50 = 0, double p95 = 0) =>
        new(Start.AddMinutes(minute), requests, 0, tokens, 0, tokens, errors, p50, p95);

    [Fact]
    public void From_NoRequests_IsZeroesWithTheCost()
    {
        var summary = OverviewSummary.From([Point(0, 0), Point(1, 0)], 0m);

        Assert.Equal(OverviewSummary.Empty, summary);
        Assert.Equal(0, summary.ErrorRate);
    }

    [Fact]
    public void From_OneBusyBucket_TakesItsPercentilesExactly()
    {
        var summary = OverviewSummary.From([Point(0, 0), Point(1, 4, tokens: 100, errors: 1, p50: 120, p95: 480), Point(2, 0)], 0.25m);

        Assert.Equal((4L, 0.25m, 100L, 1L), (summary.Requests, summary.CostUsd, summary.TotalTokens, summary.Errors));
        Assert.Equal(0.25, summary.ErrorRate);
        Assert.Equal((120.0, 480.0), (summary.P50Ms, summary.P95Ms));
        Assert.False(summary.LatencyEstimated);
    }

    [Fact]
    public void From_SeveralBuckets_WeighsEachBucketsPercentileByItsRequests()
    {
        // 90 fast requests and 10 slow ones: the median is the fast bucket's, the p95 the slow bucket's.
        var summary = OverviewSummary.From([Point(0, 90, p50: 100, p95: 200), Point(1, 10, p50: 2000, p95: 5000)], 0m);

        Assert.Equal(100, summary.Requests);
        Assert.Equal(100, summary.P50Ms);
        Assert.Equal(5000, summary.P95Ms);
        Assert.True(summary.LatencyEstimated);
    }

    [Theory]
    [InlineData(0.5, 10)]
    [InlineData(0.6, 20)]
    [InlineData(1.0, 30)]
    public void WeightedPercentile_ReturnsTheFirstValueReachingTheQuantile(double quantile, double expected) =>
        Assert.Equal(expected, OverviewSummary.WeightedPercentile([(30, 2), (10, 5), (20, 3), (99, 0)], quantile));
}
