using Contracts.Limits;
using DataPlane.Governance;
using DataPlane.Governance.Budgets;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using TestKit.Redis;
using static DataPlane.Tests.Governance.Stores.StoreFactory;

namespace DataPlane.Tests.Governance.Stores;

/// <summary>Budget reservations against a real Redis: all or nothing, exact under concurrency, settled, released, expired, per period.</summary>
public sealed class BudgetLedgerTests(RedisReplicasFixture redis) : IClassFixture<RedisReplicasFixture>
{
    // Friday 27 November 2026, noon UTC.
    private static readonly DateTimeOffset Friday = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Friday);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reserve_WhenOneOfKeyWorkspaceProviderLacksRoom_ReservesOnNone_AndNamesIt()
    {
        var ledger = Ledger(redis.ReplicaA, _clock);
        var key = Budgeted(LimitScope.ApiKey, 100, "tokens");
        var workspace = Budgeted(LimitScope.Workspace, 100, "tokens");
        var provider = Budgeted(LimitScope.Provider, 10, "tokens");
        LimitSubject[] all = [key, workspace, provider];

        var first = await ledger.ReserveAsync(all, Tokens(6), Ct);
        var second = await ledger.ReserveAsync(all, Tokens(5), Ct);

        Assert.Equal(BudgetOutcome.Admitted, first.Outcome);
        Assert.Equal(BudgetOutcome.Refused, second.Outcome);
        Assert.Same(provider, second.RefusedSubject);
        foreach (var subject in all)
        {
            var usage = await ledger.ReadAsync(subject, Ct);
            Assert.Equal(6, usage!.Reserved);
            Assert.Equal(0, usage.Spent);
            Assert.Equal(subject == provider, usage.Refused);
        }
    }

    [Fact]
    public async Task Reserve_WithoutBudgets_IsNotNeeded()
    {
        var ledger = Ledger(redis.ReplicaA, _clock);

        var reservation = await ledger.ReserveAsync([RateLimited(LimitScope.ApiKey, Limit("requests", "rpm", 5))], Tokens(5), Ct);

        Assert.Equal(BudgetOutcome.NotNeeded, reservation.Outcome);
    }

    [Fact]
    public async Task Refusal_MarksTheCounterRefused_AndRaisesTheExhaustedAlertOnce()
    {
        var ledger = Ledger(redis.ReplicaA, _clock);
        var key = Budgeted(LimitScope.ApiKey, 10, "tokens");

        Assert.Equal(BudgetOutcome.Refused, (await ledger.ReserveAsync([key], Tokens(11), Ct)).Outcome);
        Assert.Equal(BudgetOutcome.Refused, (await ledger.ReserveAsync([key], Tokens(12), Ct)).Outcome);
        // The refused flag only reports; a request that still fits (10 of 10) is admitted.
        Assert.Equal(BudgetOutcome.Admitted, (await ledger.ReserveAsync([key], Tokens(10), Ct)).Outcome);

        var usage = await ledger.ReadAsync(key, Ct);
        Assert.True(usage!.Refused);
        Assert.True(usage.Exhausted);
        var alert = Assert.Single(await AlertsOf(key));
        Assert.Equal("exhausted", alert["kind"]);
        Assert.Equal("key", alert["scope"]);
        Assert.Equal(BudgetPeriod.Forever, alert["period"]);
        Assert.Equal("tokens", alert["type"]);
        Assert.Equal("0", alert["usage"]);
        Assert.Equal("10", alert["limit"]);
        Assert.Equal(Friday.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), alert["at"]);
    }

    [Fact]
    public async Task HundredConcurrentReserves_OfFiveCentsAgainstOneDollar_FromTwoReplicas_AdmitExactlyTwenty()
    {
        var replicas = new[] { Ledger(redis.ReplicaA, _clock), Ledger(redis.ReplicaB, _clock) };
        var key = Budgeted(LimitScope.ApiKey, 1.00m);

        var reservations = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(async () => await replicas[i % 2].ReserveAsync([key], Usd(0.05m), Ct), Ct)));

        var admitted = reservations.Where(r => r.Outcome == BudgetOutcome.Admitted).ToArray();
        Assert.Equal(20, admitted.Length);
        Assert.Equal(80, reservations.Count(r => r.Outcome == BudgetOutcome.Refused));
        Assert.Equal(1_000_000_000, (await replicas[0].ReadAsync(key, Ct))!.Reserved);

        await Task.WhenAll(admitted.Select(r => replicas[0].SettleAsync(r, Usd(0.04m), Ct).AsTask()));
        var settled = await replicas[0].ReadAsync(key, Ct);
        Assert.Equal(800_000_000, settled!.Spent);
        Assert.Equal(0, settled.Reserved);
    }

    [Fact]
    public async Task Settle_LowerOrHigherThanTheEstimate_SpendsTheActual_AndFreesTheReservation()
    {
        var ledger = Ledger(redis.ReplicaA, _clock);
        var key = Budgeted(LimitScope.ApiKey, 100, "tokens", reset: "monthly");

        var lower = await ledger.ReserveAsync([key], Tokens(40), Ct);
        var higher = await ledger.ReserveAsync([key], Tokens(40), Ct);
        Assert.Equal(80, (await ledger.ReadAsync(key, Ct))!.Reserved);

        await ledger.SettleAsync(lower, Tokens(25), Ct);
        var afterLower = await ledger.ReadAsync(key, Ct);
        Assert.Equal((25L, 40L), (afterLower!.Spent, afterLower.Reserved));

        await ledger.SettleAsync(higher, Tokens(90), Ct);
        var afterHigher = await ledger.ReadAsync(key, Ct);
        Assert.Equal((115L, 0L), (afterHigher!.Spent, afterHigher.Reserved));
        Assert.True(afterHigher.Exhausted);
        Assert.Equal(BudgetOutcome.Refused, (await ledger.ReserveAsync([key], Tokens(0), Ct)).Outcome);
    }

    [Fact]
    public async Task SettleOrReleaseTwice_OnlyTheFirstCounts()
    {
        var ledger = Ledger(redis.ReplicaA, _clock);
        var key = Budgeted(LimitScope.ApiKey, 100, "tokens");
        var reservation = await ledger.ReserveAsync([key], Tokens(30), Ct);

        await ledger.SettleAsync(reservation, Tokens(20), Ct);
        await ledger.SettleAsync(reservation, Tokens(20), Ct);
        await ledger.ReleaseAsync(reservation, Ct);

        var usage = await ledger.ReadAsync(key, Ct);
        Assert.Equal((20L, 0L), (usage!.Spent, usage.Reserved));
        Assert.True(reservation.IsFinished);
    }

    [Fact]
    public async Task Release_GivesTheReservationBack_AndSpendsNothing()
    {
        var ledger = Ledger(redis.ReplicaA, _clock);
        var key = Budgeted(LimitScope.ApiKey, 10, "tokens");
        var workspace = Budgeted(LimitScope.Workspace, 10, "tokens");
        var reservation = await ledger.ReserveAsync([key, workspace], Tokens(10), Ct);
        Assert.Equal(BudgetOutcome.Refused, (await ledger.ReserveAsync([key, workspace], Tokens(1), Ct)).Outcome);

        await ledger.ReleaseAsync(reservation, Ct);

        foreach (var subject in new[] { key, workspace })
        {
            var usage = await ledger.ReadAsync(subject, Ct);
            Assert.Equal((0L, 0L), (usage!.Spent, usage.Reserved));
        }

        Assert.Equal(BudgetOutcome.Admitted, (await ledger.ReserveAsync([key, workspace], Tokens(10), Ct)).Outcome);
        var members = await redis.ReplicaA.GetDatabase().SortedSetLengthAsync(GovernanceKeys.Reservations(reservation.Counters[0].Key));
        Assert.Equal(1, members);
    }

    [Fact]
    public async Task LeakedReservation_ExpiresAfterItsTtl_AndTheNextReservePurgesIt_ButALateSettleStillSpends()
    {
        var ledger = Ledger(redis.ReplicaA, _clock);
        var key = Budgeted(LimitScope.ApiKey, 100, "tokens");
        var leaked = await ledger.ReserveAsync([key], Tokens(60), Ct);
        Assert.Equal(BudgetOutcome.Refused, (await ledger.ReserveAsync([key], Tokens(60), Ct)).Outcome);

        _clock.Advance(TimeSpan.FromSeconds(899));
        Assert.Equal(BudgetOutcome.Refused, (await ledger.ReserveAsync([key], Tokens(60), Ct)).Outcome);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await ledger.ReserveAsync([key], Tokens(60), Ct);

        Assert.Equal(BudgetOutcome.Admitted, fresh.Outcome);
        Assert.Equal(60, (await ledger.ReadAsync(key, Ct))!.Reserved);
        var amounts = await redis.ReplicaA.GetDatabase().HashKeysAsync(GovernanceKeys.ReservationAmounts(leaked.Counters[0].Key));
        Assert.Equal([fresh.Id], amounts.Select(a => a.ToString()));

        await ledger.SettleAsync(leaked, Tokens(30), Ct);
        var usage = await ledger.ReadAsync(key, Ct);
        Assert.Equal((30L, 60L), (usage!.Spent, usage.Reserved));
    }

    [Fact]
    public async Task WeeklyBoundary_SundayMidnight_StartsANewCounter_AndAnOldReservationSettlesIntoTheOldPeriod()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 23, 59, 50, TimeSpan.Zero)); // Saturday
        var ledger = Ledger(redis.ReplicaA, clock);
        var key = Budgeted(LimitScope.ApiKey, 100, "tokens", reset: "weekly");
        var old = await ledger.ReserveAsync([key], Tokens(80), Ct);
        Assert.Equal("20261122", old.Counters[0].Period);

        clock.Advance(TimeSpan.FromSeconds(20)); // Sunday 00:00:10
        var fresh = await ledger.ReserveAsync([key], Tokens(80), Ct);
        await ledger.SettleAsync(old, Tokens(70), Ct);

        Assert.Equal(BudgetOutcome.Admitted, fresh.Outcome);
        Assert.Equal("20261129", fresh.Counters[0].Period);
        var now = await ledger.ReadAsync(key, Ct);
        Assert.Equal(("20261129", 0L, 80L), (now!.Period, now.Spent, now.Reserved));
        var db = redis.ReplicaA.GetDatabase();
        Assert.Equal(70, (long)await db.HashGetAsync(old.Counters[0].Key, GovernanceKeys.FieldSpent));
        Assert.Equal(0, (long)await db.HashGetAsync(old.Counters[0].Key, GovernanceKeys.FieldReserved));

        // The counter outlives its period by a week: end (Sunday 29th) + 7 days, from Sunday 00:00:10.
        var ttl = await db.KeyTimeToLiveAsync(fresh.Counters[0].Key);
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(14));
    }

    [Fact]
    public async Task MonthlyBoundary_TheFirst_StartsANewCounter_AndAnOldReservationSettlesIntoTheOldPeriod()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero));
        var ledger = Ledger(redis.ReplicaA, clock);
        var key = Budgeted(LimitScope.Workspace, 1.00m, reset: "monthly");
        var old = await ledger.ReserveAsync([key], Usd(0.90m), Ct);
        Assert.Equal(BudgetOutcome.Refused, (await ledger.ReserveAsync([key], Usd(0.20m), Ct)).Outcome);

        clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await ledger.ReserveAsync([key], Usd(0.90m), Ct);
        await ledger.SettleAsync(old, Usd(0.85m), Ct);

        Assert.Equal(BudgetOutcome.Admitted, fresh.Outcome);
        Assert.Equal(("20261101", "20261201"), (old.Counters[0].Period, fresh.Counters[0].Period));
        var now = await ledger.ReadAsync(key, Ct);
        Assert.Equal((0L, 900_000_000L, false), (now!.Spent, now.Reserved, now.Refused));
        Assert.Equal(850_000_000, (long)await redis.ReplicaA.GetDatabase().HashGetAsync(old.Counters[0].Key, GovernanceKeys.FieldSpent));
    }

    [Fact]
    public async Task ThresholdAlert_FiresExactlyOncePerPeriod_EvenFromTwoReplicas()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero));
        var replicas = new[] { Ledger(redis.ReplicaA, clock), Ledger(redis.ReplicaB, clock) };
        var key = Budgeted(LimitScope.ApiKey, 1000, "tokens", threshold: 500, reset: "monthly");

        // 20 requests of 40 tokens settle concurrently: 800 spent, the threshold (500) crossed once, at 520.
        var reservations = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => replicas[i % 2].ReserveAsync([key], Tokens(40), Ct).AsTask()));
        await Task.WhenAll(reservations.Select((r, i) => Task.Run(async () => await replicas[i % 2].SettleAsync(r, Tokens(40), Ct), Ct)));
        var spentAfter = await replicas[0].ReadAsync(key, Ct);
        Assert.Equal(800, spentAfter!.Spent);
        Assert.True(spentAfter.Alerted);
        Assert.False(spentAfter.Exhausted);

        clock.Advance(TimeSpan.FromDays(21)); // December
        for (var i = 0; i < 2; i++)
        {
            await replicas[i].SettleAsync(await replicas[i].ReserveAsync([key], Tokens(300), Ct), Tokens(300), Ct);
        }

        await replicas[1].SettleAsync(await replicas[0].ReserveAsync([key], Tokens(300), Ct), Tokens(500), Ct);

        var alerts = await AlertsOf(key);
        Assert.Equal(
            [("exhausted", "20261201", "1100"), ("threshold", "20261101", "520"), ("threshold", "20261201", "600")],
            alerts.Select(a => (a["kind"], a["period"], a["usage"])).Order());
        Assert.All(alerts, a => Assert.Equal("1000", a["limit"]));
    }

    [Fact]
    public async Task ForeverBudget_UsesTheAllPeriod_AndItsCounterNeverExpires()
    {
        var ledger = Ledger(redis.ReplicaA, _clock);
        var key = Budgeted(LimitScope.Provider, 5, "tokens");

        var reservation = await ledger.ReserveAsync([key], Tokens(1), Ct);
        await ledger.SettleAsync(reservation, Tokens(1), Ct);

        Assert.Equal(BudgetPeriod.Forever, reservation.Counters[0].Period);
        Assert.Null(await redis.ReplicaA.GetDatabase().KeyTimeToLiveAsync(reservation.Counters[0].Key));
    }

    private async Task<List<Dictionary<string, string>>> AlertsOf(LimitSubject subject)
    {
        var entries = await redis.ReplicaA.GetDatabase().StreamRangeAsync(GovernanceKeys.AlertStream);
        return entries
            .Select(e => e.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString()))
            .Where(e => e["id"] == subject.Id.ToString("D"))
            .ToList();
    }
}
