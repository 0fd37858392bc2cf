using System.Collections.Frozen;
using DataPlane.Routing.CircuitBreakers;
using DataPlane.Routing.Plans;
using StackExchange.Redis;
using TestKit.Redis;

namespace DataPlane.Tests.Routing.CircuitBreakers;

/// <summary>Breakers against a real Redis, shared by two stores on separate connections (two replicas), on a hand-moved clock.</summary>
public sealed class CircuitBreakerStoreTests(RedisReplicasFixture fixture) : IClassFixture<RedisReplicasFixture>
{
    private static readonly BreakerPolicy ThreeFailures = new(3, TimeSpan.FromMilliseconds(1000), BreakerPolicy.DefaultFailureStatusCodes);

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Closed_OpensAfterExactlyThresholdFailures()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = StoreA();
        var key = NewKey();

        await store.RecordAsync(key, ThreeFailures, 500, ct);
        Assert.False(await store.IsOpenAsync(key, ThreeFailures, ct));
        await store.RecordAsync(key, ThreeFailures, null, ct); // no answer at all counts as a failure
        Assert.False(await store.IsOpenAsync(key, ThreeFailures, ct));
        await store.RecordAsync(key, ThreeFailures, 503, ct);
        Assert.True(await store.IsOpenAsync(key, ThreeFailures, ct));
    }

    [Fact]
    public async Task NonFailureStatuses_DoNotCount_AndASuccessResetsTheRow()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = StoreA();
        var key = NewKey();
        var policy = new BreakerPolicy(2, TimeSpan.FromSeconds(5), FrozenSet.ToFrozenSet([500]));

        foreach (var status in new[] { 400, 429, 503, 404, 502, 200 })
        {
            await store.RecordAsync(key, policy, status, ct);
        }

        Assert.False(await store.IsOpenAsync(key, policy, ct));

        // Failures must be in a row: 500, 200, 500 leaves it closed; one more 500 opens it.
        await store.RecordAsync(key, policy, 500, ct);
        await store.RecordAsync(key, policy, 200, ct);
        await store.RecordAsync(key, policy, 500, ct);
        Assert.False(await store.IsOpenAsync(key, policy, ct));
        await store.RecordAsync(key, policy, 500, ct);
        Assert.True(await store.IsOpenAsync(key, policy, ct));
    }

    [Fact]
    public async Task Open_IsSkippedOnEveryReplica_UntilTheCooldownEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (StoreA(), StoreB());
        var key = NewKey();
        await OpenAsync(a, key, ThreeFailures, ct);

        _clock.Advance(ThreeFailures.Cooldown - TimeSpan.FromMilliseconds(1));
        Assert.True(await a.IsOpenAsync(key, ThreeFailures, ct));
        Assert.True(await b.IsOpenAsync(key, ThreeFailures, ct));

        // A success of an attempt that started before it opened does not cut the cooldown short.
        await b.RecordAsync(key, ThreeFailures, 200, ct);
        Assert.True(await a.IsOpenAsync(key, ThreeFailures, ct));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await b.IsOpenAsync(key, ThreeFailures, ct));
    }

    [Fact]
    public async Task HalfOpen_LetsExactlyOneProbeThrough_AcrossTwoReplicas()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (StoreA(), StoreB());
        var key = NewKey();
        await OpenAsync(a, key, ThreeFailures, ct);
        _clock.Advance(ThreeFailures.Cooldown);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => (i % 2 == 0 ? a : b).IsOpenAsync(key, ThreeFailures, ct).AsTask()));

        Assert.Single(answers, open => !open);

        // Until the probe is recorded, both replicas keep skipping.
        _clock.Advance(ThreeFailures.Cooldown / 2);
        Assert.True(await a.IsOpenAsync(key, ThreeFailures, ct));
        Assert.True(await b.IsOpenAsync(key, ThreeFailures, ct));
    }

    [Fact]
    public async Task AreOpenAsync_WithoutTakingProbes_LeavesTheProbeForTheCaller()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (StoreA(), StoreB());
        var key = NewKey();
        await OpenAsync(a, key, ThreeFailures, ct);
        _clock.Advance(ThreeFailures.Cooldown);

        // A load balancer peeks at every target (half-open reads as available) ...
        var seenByA = await a.AreOpenAsync([key], [ThreeFailures], ct, takeProbes: false);
        var seenByB = await b.AreOpenAsync([key], [ThreeFailures], ct, takeProbes: false);
        Assert.False(seenByA[0]);
        Assert.False(seenByB[0]);

        // ... and the probe is still there for the one target it then calls, once.
        Assert.False(await b.IsOpenAsync(key, ThreeFailures, ct));
        Assert.True(await a.IsOpenAsync(key, ThreeFailures, ct));
    }

    [Fact]
    public async Task ProbeSuccess_ClosesTheBreaker_OnBothReplicas_AndResetsTheCount()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (StoreA(), StoreB());
        var key = NewKey();
        await OpenAsync(a, key, ThreeFailures, ct);
        _clock.Advance(ThreeFailures.Cooldown);
        Assert.False(await b.IsOpenAsync(key, ThreeFailures, ct)); // b holds the probe
        Assert.True(await a.IsOpenAsync(key, ThreeFailures, ct));

        await b.RecordAsync(key, ThreeFailures, 200, ct);

        Assert.False(await a.IsOpenAsync(key, ThreeFailures, ct));
        Assert.False(await a.IsOpenAsync(key, ThreeFailures, ct));
        Assert.False(await b.IsOpenAsync(key, ThreeFailures, ct));
        Assert.False(await fixture.ReplicaA.GetDatabase().KeyExistsAsync(CircuitBreakerStore.KeyOf(key)));

        // Closed again means a whole new row of failures is needed.
        await a.RecordAsync(key, ThreeFailures, 500, ct);
        await a.RecordAsync(key, ThreeFailures, 500, ct);
        Assert.False(await b.IsOpenAsync(key, ThreeFailures, ct));
        await a.RecordAsync(key, ThreeFailures, 500, ct);
        Assert.True(await b.IsOpenAsync(key, ThreeFailures, ct));
    }

    [Fact]
    public async Task ProbeFailure_ReopensAtOnce_ForAWholeCooldown()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (StoreA(), StoreB());
        var key = NewKey();
        await OpenAsync(a, key, ThreeFailures, ct);
        _clock.Advance(ThreeFailures.Cooldown);
        Assert.False(await a.IsOpenAsync(key, ThreeFailures, ct)); // a holds the probe

        await a.RecordAsync(key, ThreeFailures, 502, ct); // one failure, below the threshold: still re-opens

        Assert.True(await b.IsOpenAsync(key, ThreeFailures, ct));
        _clock.Advance(ThreeFailures.Cooldown - TimeSpan.FromMilliseconds(1));
        Assert.True(await b.IsOpenAsync(key, ThreeFailures, ct));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await b.IsOpenAsync(key, ThreeFailures, ct)); // the next probe
        Assert.True(await a.IsOpenAsync(key, ThreeFailures, ct));
    }

    [Fact]
    public async Task LostProbe_DoesNotWedgeTheBreaker_AnotherProbeGoesAfterOneCooldown()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (StoreA(), StoreB());
        var key = NewKey();
        await OpenAsync(a, key, ThreeFailures, ct);
        _clock.Advance(ThreeFailures.Cooldown);
        Assert.False(await a.IsOpenAsync(key, ThreeFailures, ct)); // a's probe, never recorded (a replica died)

        _clock.Advance(ThreeFailures.Cooldown - TimeSpan.FromMilliseconds(1));
        Assert.True(await b.IsOpenAsync(key, ThreeFailures, ct));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await b.IsOpenAsync(key, ThreeFailures, ct));
        Assert.True(await a.IsOpenAsync(key, ThreeFailures, ct));
    }

    [Fact]
    public async Task AreOpenAsync_MatchesIsOpenAsync_ForClosedOpenAndHalfOpenTargets()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (StoreA(), StoreB());
        var closed = NewKey();
        var open = NewKey();
        var probed = NewKey();   // half-open, probe already out
        var halfOpen = NewKey(); // half-open, probe free
        var longer = new BreakerPolicy(3, TimeSpan.FromSeconds(10), BreakerPolicy.DefaultFailureStatusCodes);
        await OpenAsync(a, probed, ThreeFailures, ct);
        await OpenAsync(a, halfOpen, ThreeFailures, ct);
        await a.RecordAsync(closed, ThreeFailures, 500, ct);
        _clock.Advance(ThreeFailures.Cooldown);
        await OpenAsync(a, open, longer, ct);
        Assert.False(await a.IsOpenAsync(probed, ThreeFailures, ct));

        string[] keys = [closed, open, probed, halfOpen];
        BreakerPolicy[] policies = [ThreeFailures, longer, ThreeFailures, ThreeFailures];
        var batch = await b.AreOpenAsync(keys, policies, ct);

        Assert.Equal([false, true, true, false], batch);
        // One by one now: the same, except that the free probe was taken by the batch.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(batch[i], await a.IsOpenAsync(keys[i], policies[i], ct));
        }

        Assert.True(await a.IsOpenAsync(halfOpen, ThreeFailures, ct));
        Assert.Empty(await a.AreOpenAsync([], [], ct));
    }

    [Fact]
    public async Task AreOpenAsync_WithMoreKeysThanOneScriptTakes_AnswersEveryKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = StoreA();
        var keys = Enumerable.Range(0, 100).Select(_ => NewKey()).ToArray();
        var policies = keys.Select(_ => ThreeFailures).ToArray();
        int[] opened = [0, 47, 48, 63, 99];
        foreach (var i in opened)
        {
            await OpenAsync(store, keys[i], ThreeFailures, ct);
        }

        var answers = await StoreB().AreOpenAsync(keys, policies, ct);

        Assert.Equal(opened, answers.Select((open, i) => (open, i)).Where(x => x.open).Select(x => x.i));
    }

    [Fact]
    public async Task EveryBreakerKey_HasATtl()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = StoreA();
        var key = NewKey();

        await store.RecordAsync(key, ThreeFailures, 500, ct);
        var ttl = await fixture.ReplicaA.GetDatabase().KeyTimeToLiveAsync(CircuitBreakerStore.KeyOf(key));

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    private CircuitBreakerStore StoreA() => Store(fixture.ReplicaA);

    private CircuitBreakerStore StoreB() => Store(fixture.ReplicaB);

    private CircuitBreakerStore Store(IConnectionMultiplexer connection) => new(connection, _clock, new CapturingLogger<CircuitBreakerStore>());

    private static string NewKey() => $"pc-test:{Guid.NewGuid():N}.targets[1]";

    private static async Task OpenAsync(CircuitBreakerStore store, string key, BreakerPolicy policy, CancellationToken ct)
    {
        for (var i = 0; i < policy.FailureThreshold; i++)
        {
            await store.RecordAsync(key, policy, 500, ct);
        }

        Assert.True(await store.IsOpenAsync(key, policy, ct));
    }
}
