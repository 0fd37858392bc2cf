using Contracts.Limits;
using DataPlane.Governance;
using DataPlane.Governance.RateLimits;
using Microsoft.Extensions.Time.Testing;
using TestKit.Redis;
using static DataPlane.Tests.Governance.Stores.StoreFactory;

namespace DataPlane.Tests.Governance.Stores;

/// <summary>Sliding-window rate limits against a real Redis: exact across replicas, sliding, tokens counted after the response.</summary>
public sealed class RateLimiterTests(RedisReplicasFixture redis) : IClassFixture<RedisReplicasFixture>
{
    // On a whole second, so sub-bucket arithmetic in the assertions is plain.
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SixtyRpm_ThreeHundredConcurrentAcquires_FromTwoReplicas_AdmitExactlySixty()
    {
        var clock = new FakeTimeProvider(Start);
        var replicas = new[] { Rates(redis.ReplicaA, clock), Rates(redis.ReplicaB, clock) };
        var key = RateLimited(LimitScope.ApiKey, Limit("requests", "rpm", 60));

        var decisions = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            Task.Run(async () => await replicas[i % 2].AcquireAsync([key], Ct), Ct)));

        Assert.Equal(60, decisions.Count(d => d.Outcome == RateOutcome.Admitted));
        Assert.All(decisions.Where(d => d.Outcome != RateOutcome.Admitted), d =>
        {
            Assert.Equal(RateOutcome.Limited, d.Outcome);
            Assert.Same(key, d.Subject);
            Assert.Equal(60, d.Limit!.Value);
        });
    }

    [Fact]
    public async Task Window_Slides_RetryAfterSaysWhenTheOldestRequestsLeave_AndThenAdmitsAgain()
    {
        var clock = new FakeTimeProvider(Start);
        var rates = Rates(redis.ReplicaA, clock);
        var key = RateLimited(LimitScope.ApiKey, Limit("requests", "rpm", 3));

        Assert.Equal(RateOutcome.Admitted, (await rates.AcquireAsync([key], Ct)).Outcome); // 12:00:00
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(RateOutcome.Admitted, (await rates.AcquireAsync([key], Ct)).Outcome); // 12:00:20
        Assert.Equal(RateOutcome.Admitted, (await rates.AcquireAsync([key], Ct)).Outcome);
        clock.Advance(TimeSpan.FromMilliseconds(10_500)); // 12:00:30.5

        var limited = await rates.AcquireAsync([key], Ct);

        // The 12:00:00 request leaves the window at 12:01:00: 29.5 s, rounded up to whole seconds.
        Assert.Equal(RateOutcome.Limited, limited.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), limited.RetryAfter);

        clock.Advance(TimeSpan.FromSeconds(29)); // 12:00:59.5: still inside
        Assert.Equal(RateOutcome.Limited, (await rates.AcquireAsync([key], Ct)).Outcome);
        clock.Advance(TimeSpan.FromSeconds(1)); // 12:01:00.5: one left, one admitted
        Assert.Equal(RateOutcome.Admitted, (await rates.AcquireAsync([key], Ct)).Outcome);
        Assert.Equal(RateOutcome.Limited, (await rates.AcquireAsync([key], Ct)).Outcome);

        clock.Advance(TimeSpan.FromSeconds(61)); // everything has left
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(RateOutcome.Admitted, (await rates.AcquireAsync([key], Ct)).Outcome);
        }
    }

    [Fact]
    public async Task RetryAfter_IsAtLeastOneSecond_AndCountsHourWindowsInMinuteBuckets()
    {
        var clock = new FakeTimeProvider(Start);
        var rates = Rates(redis.ReplicaA, clock);
        var perMinute = RateLimited(LimitScope.ApiKey, Limit("requests", "rpm", 1));
        var perHour = RateLimited(LimitScope.Workspace, Limit("requests", "rph", 1));

        await rates.AcquireAsync([perMinute], Ct);
        await rates.AcquireAsync([perHour], Ct);
        clock.Advance(TimeSpan.FromMilliseconds(59_900));

        Assert.Equal(TimeSpan.FromSeconds(1), (await rates.AcquireAsync([perMinute], Ct)).RetryAfter);
        // 12:00:59.9 → the 12:00 minute bucket leaves the hour window at 13:00:00.
        Assert.Equal(TimeSpan.FromSeconds(3601 - 60), (await rates.AcquireAsync([perHour], Ct)).RetryAfter);
    }

    [Fact]
    public async Task RefusedAcquire_CountsNothingOnTheOtherLimits_AndNamesTheLongestWait()
    {
        var clock = new FakeTimeProvider(Start);
        var rates = Rates(redis.ReplicaA, clock);
        var key = RateLimited(LimitScope.ApiKey, Limit("requests", "rpm", 10));
        var workspace = RateLimited(LimitScope.Workspace, Limit("requests", "rpm", 2), Limit("requests", "rph", 3));

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(RateOutcome.Admitted, (await rates.AcquireAsync([key, workspace], Ct)).Outcome);
        }

        for (var i = 0; i < 5; i++)
        {
            var limited = await rates.AcquireAsync([key, workspace], Ct);
            Assert.Equal(RateOutcome.Limited, limited.Outcome);
            Assert.Same(workspace, limited.Subject);
            Assert.Equal("rpm", limited.Limit!.Unit);
        }

        // The key counted only the two admitted requests: 8 more fit.
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(RateOutcome.Admitted, (await rates.AcquireAsync([key], Ct)).Outcome);
        }

        Assert.Equal(RateOutcome.Limited, (await rates.AcquireAsync([key], Ct)).Outcome);

        // A minute later the rpm limit admits, the rph one (3 an hour) one more, then it binds for the rest of the hour.
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(RateOutcome.Admitted, (await rates.AcquireAsync([workspace], Ct)).Outcome);
        var hourly = await rates.AcquireAsync([workspace], Ct);
        Assert.Equal("rph", hourly.Limit!.Unit);
        Assert.Equal(TimeSpan.FromSeconds(3600 - 61), hourly.RetryAfter);
    }

    [Fact]
    public async Task TokensLimit_AdmitsWhileTheWindowIsNotSpent_CountingTokensRecordedAfterResponses()
    {
        var clock = new FakeTimeProvider(Start);
        var replicas = new[] { Rates(redis.ReplicaA, clock), Rates(redis.ReplicaB, clock) };
        var key = RateLimited(LimitScope.ApiKey, Limit("tokens", "rpm", 100));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RateOutcome.Admitted, (await replicas[i % 2].AcquireAsync([key], Ct)).Outcome); // requests are not counted
        }

        await replicas[0].RecordTokensAsync([key], 60, Ct);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(RateOutcome.Admitted, (await replicas[1].AcquireAsync([key], Ct)).Outcome);
        await replicas[1].RecordTokensAsync([key], 40, Ct);

        var limited = await replicas[0].AcquireAsync([key], Ct);
        Assert.Equal(RateOutcome.Limited, limited.Outcome);
        Assert.Equal("tokens", limited.Limit!.Type);
        Assert.Equal(TimeSpan.FromSeconds(50), limited.RetryAfter); // the first 60 tokens leave at 12:01:00

        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(RateOutcome.Admitted, (await replicas[0].AcquireAsync([key], Ct)).Outcome);
    }

    [Fact]
    public async Task NoLimits_AdmitWithoutAskingRedis()
    {
        var rates = Rates(redis.ReplicaA, TimeProvider.System);

        Assert.Same(RateDecision.Admitted, await rates.AcquireAsync([Budgeted(LimitScope.ApiKey, 1)], Ct));
    }
}
