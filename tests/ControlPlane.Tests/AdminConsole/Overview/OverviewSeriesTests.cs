using ControlPlane.AdminConsole.Pages.Overview;
using ControlPlane.Analytics;

namespace ControlPlane.Tests.AdminConsole.Overview;

public sealed class OverviewSeriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    [Fact]
    public void Merge_JoinsTheGraphsByBucket_AndReadsAMissingBucketAsZeros()
    {
        var points = OverviewSeries.Merge(
            [new RequestsPoint(T1, 3), new RequestsPoint(T0, 5)],
            [new CostPoint(T0, 0.5m, 5), new CostPoint(T1, 0.125m, 3)],
            [new TokensPoint(T1, 10, 20, 0, 30)],
            [new ErrorsPoint(T0, 1, 5, 0.2), new ErrorsPoint(T1, 0, 3, 0)],
            [new LatencyPoint(T0, 100, 250, 300, 120, 5), new LatencyPoint(T1, 80, 90, 95, 85, 3)]);

        Assert.Equal(
            [
                new OverviewPoint(T0.UtcDateTime, 5, 0.5, 0, 0, 0, 1, 100, 250),
                new OverviewPoint(T1.UtcDateTime, 3, 0.125, 10, 20, 30, 0, 80, 90),
            ],
            points);
        Assert.All(points, p => Assert.Equal(DateTimeKind.Utc, p.Time.Kind));
    }
}
