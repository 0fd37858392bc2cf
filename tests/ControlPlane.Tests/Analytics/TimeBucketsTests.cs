using ControlPlane.Analytics;

namespace ControlPlane.Tests.Analytics;

public sealed class TimeBucketsTests
{
    [Fact]
    public void Floor_AlignsToTheUtcBucket_WhateverTheOffset()
    {
        var time = new DateTimeOffset(2025, 6, 15, 1, 30, 45, TimeSpan.FromHours(2)); // 2025-06-14T23:30:45Z
        Assert.Equal(new DateTimeOffset(2025, 6, 14, 23, 30, 0, TimeSpan.Zero), TimeBuckets.Floor(time, Granularity.Minute));
        Assert.Equal(new DateTimeOffset(2025, 6, 14, 23, 0, 0, TimeSpan.Zero), TimeBuckets.Floor(time, Granularity.Hour));
        Assert.Equal(new DateTimeOffset(2025, 6, 14, 0, 0, 0, TimeSpan.Zero), TimeBuckets.Floor(time, Granularity.Day));
    }

    [Fact]
    public void Enumerate_CoversFromsBucketThroughTos()
    {
        var from = new DateTimeOffset(2025, 6, 15, 10, 15, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2025, 6, 15, 13, 0, 0, TimeSpan.Zero);
        var buckets = TimeBuckets.Enumerate(from, to, Granularity.Hour).ToList();
        Assert.Equal([10, 11, 12, 13], buckets.Select(b => b.Hour));
        Assert.Equal(4, TimeBuckets.Count(from, to, Granularity.Hour));
    }

    [Fact]
    public void RollupGranularity_IsTheBucketWidthInMinutes()
    {
        Assert.Equal(1, TimeBuckets.RollupGranularity(Granularity.Minute));
        Assert.Equal(60, TimeBuckets.RollupGranularity(Granularity.Hour));
        Assert.Equal(1440, TimeBuckets.RollupGranularity(Granularity.Day));
    }

    [Fact]
    public void Ceiling_IsTheNextBucketStart_UnlessAlreadyAligned()
    {
        var midday = new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2025, 6, 16, 0, 0, 0, TimeSpan.Zero), TimeBuckets.Ceiling(midday, Granularity.Day));
        Assert.Equal(midday, TimeBuckets.Ceiling(midday, Granularity.Hour));
    }
}
