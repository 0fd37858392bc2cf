using Contracts.Limits;
using DataPlane.Governance.RateLimits;
using Microsoft.Extensions.Time.Testing;
using TestKit.Redis;
using static DataPlane.Tests.Governance.Stores.StoreFactory;

namespace DataPlane.Tests.Governance.Stores;

/// <summary>The fail-open share: replicas counted in Redis, each enforcing value / replicas in process.</summary>
public sealed class LocalRateLimitsTests(RedisReplicasFixture redis) : IClassFixture<RedisReplicasFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoReplicas_EachAdmitsHalfOfA60RpmLimit()
    {
        var (a, _) = await TwoReplicasAsync();
        Assert.Equal(2, a.Count);
        using var local = new LocalRateLimits(a);
        var key = RateLimited(LimitScope.ApiKey, Limit("requests", "rpm", 60));

        var decisions = Enumerable.Range(0, 100).Select(_ => local.Acquire([key])).ToArray();

        Assert.Equal(30, decisions.Count(d => d.Outcome == RateOutcome.Admitted));
        var limited = decisions.First(d => d.Outcome == RateOutcome.Limited);
        Assert.Same(key, limited.Subject);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.RetryAfter);
    }

    [Fact]
    public async Task TokensShare_AdmitsWhileAnyTokenIsLeft_AndRecordedTokensSpendIt()
    {
        var (a, _) = await TwoReplicasAsync();
        using var local = new LocalRateLimits(a);
        var key = RateLimited(LimitScope.ApiKey, Limit("tokens", "rpm", 100));

        Assert.Equal(RateOutcome.Admitted, local.Acquire([key]).Outcome);
        Assert.Equal(RateOutcome.Admitted, local.Acquire([key]).Outcome); // requests take no tokens
        local.RecordTokens([key], 49);
        Assert.Equal(RateOutcome.Admitted, local.Acquire([key]).Outcome);
        local.RecordTokens([key], 500); // more than is left: the rest of the share is spent
        Assert.Equal(RateOutcome.Limited, local.Acquire([key]).Outcome);
    }

    [Fact]
    public async Task ChangedLimitValue_StartsAFreshWindow()
    {
        var (a, _) = await TwoReplicasAsync();
        using var local = new LocalRateLimits(a);
        var id = Guid.NewGuid();
        var small = new DataPlane.Governance.LimitSubject(LimitScope.ApiKey, id, "k", null, [Limit("requests", "rpm", 4)]);
        var large = new DataPlane.Governance.LimitSubject(LimitScope.ApiKey, id, "k", null, [Limit("requests", "rpm", 10)]);

        Assert.Equal(2, Enumerable.Range(0, 5).Count(_ => local.Acquire([small]).Outcome == RateOutcome.Admitted));
        Assert.Equal(5, Enumerable.Range(0, 8).Count(_ => local.Acquire([large]).Outcome == RateOutcome.Admitted));
    }

    [Fact]
    public async Task Registry_DropsAReplicaThatStoppedRefreshing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var a = Replicas(redis.ReplicaA, clock);
        var b = Replicas(redis.ReplicaB, clock);
        await FreshSetAsync();
        await a.RefreshAsync(Ct);
        await b.RefreshAsync(Ct);
        await a.RefreshAsync(Ct);
        Assert.Equal(2, a.Count);

        clock.Advance(TimeSpan.FromSeconds(16));
        await a.RefreshAsync(Ct);

        Assert.Equal(1, a.Count);
    }

    private async Task<(ReplicaRegistry A, ReplicaRegistry B)> TwoReplicasAsync()
    {
        await FreshSetAsync();
        var a = Replicas(redis.ReplicaA, TimeProvider.System);
        var b = Replicas(redis.ReplicaB, TimeProvider.System);
        await a.RefreshAsync(Ct);
        await b.RefreshAsync(Ct);
        await a.RefreshAsync(Ct);
        return (a, b);
    }

    // Each test counts its own replicas: tests of this class share the server but run one at a time.
    private Task FreshSetAsync() => redis.ReplicaA.GetDatabase().KeyDeleteAsync(ReplicaRegistry.Key);
}
