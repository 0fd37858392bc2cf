using System.Runtime.CompilerServices;
using Contracts.Limits;
using DataPlane.Governance.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DataPlane.Governance.Budgets;

/// <summary>
/// Budgets (<c>usage_limits</c>) in Redis: a request's worst case is reserved on every budget that applies in one atomic
/// script (all or nothing), then settled to the actual usage or released; reservations nobody finishes expire after
/// <see cref="GovernanceOptions.ReservationTtlSeconds"/> and are purged by the next reserve on that counter.
/// Alerts (threshold, exhaustion) are appended to <see cref="GovernanceKeys.AlertStream"/> by the same scripts, once per period.
/// Time comes from <see cref="TimeProvider"/> (periods, reservation expiry), so tests control it.
/// </summary>
internal sealed class BudgetLedger(GovernanceRedis redis, TimeProvider time, IOptions<GovernanceOptions> options)
{
    private static readonly RedisKey AlertStream = GovernanceKeys.AlertStream;

    // A counter outlives its period by a week, so the control plane can still show and reconcile last period's usage.
    private static readonly TimeSpan CounterGrace = TimeSpan.FromDays(7);

    private readonly GovernanceOptions _options = options.Value;

    /// <summary>
    /// Reserves <paramref name="estimate"/> on the current period's counter of every subject with a budget, or on none.
    /// <see cref="BudgetOutcome.Refused"/> when any budget lacks room (its counter is marked refused, the exhaustion alert
    /// raised once); <see cref="BudgetOutcome.Unavailable"/> when Redis could not be asked.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<LimitSubject> subjects, UsageAmount estimate, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<BudgetCounter>? counters = null;
        foreach (var subject in subjects)
        {
            if (subject.Budget is not { } budget)
            {
                continue;
            }

            var period = BudgetPeriod.Segment(budget.PeriodicReset, now);
            counters ??= new List<BudgetCounter>(subjects.Count);
            counters.Add(new BudgetCounter(
                subject,
                GovernanceKeys.Budget(subject.Scope, subject.Id, period),
                period,
                budget.Type,
                LimitUnits.From(budget.Type, budget.CreditLimit),
                budget.AlertThreshold is { } threshold ? LimitUnits.From(budget.Type, threshold) : null,
                BudgetPeriod.End(budget.PeriodicReset, now),
                Math.Max(0, estimate.UnitsFor(budget.Type))));
        }

        if (counters is null)
        {
            return BudgetReservation.NotNeeded;
        }

        var id = Guid.NewGuid().ToString("N");
        var expiry = now.ToUnixTimeMilliseconds() + (_options.ReservationTtlSeconds * 1000L);
        var result = await redis.EvaluateAsync(
            BudgetScripts.Reserve, KeysOf(counters), ValuesOf(counters, now, id, expiry, static c => c.Amount), ct);
        if (result is null)
        {
            return new BudgetReservation(BudgetOutcome.Unavailable, null, id, counters);
        }

        var refused = (int)result;
        return refused == 0
            ? new BudgetReservation(BudgetOutcome.Admitted, null, id, counters)
            : new BudgetReservation(BudgetOutcome.Refused, counters[refused - 1].Subject, id, counters);
    }

    /// <summary>
    /// Settles the reservation to <paramref name="actual"/> on the same counters it was made on (even when a period boundary passed
    /// meanwhile): the reservation is removed if still live, the actual usage added to <c>spent</c> (also after the reservation
    /// expired), alerts raised once. A reservation made while Redis was unavailable still records its spend. Only the first
    /// settle or release of a reservation acts. Pass a token that the client's disconnect does not cancel.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SettleAsync(BudgetReservation reservation, UsageAmount actual, CancellationToken ct)
    {
        if (reservation.Outcome is not (BudgetOutcome.Admitted or BudgetOutcome.Unavailable) || !reservation.TryFinish())
        {
            return;
        }

        var counters = reservation.Counters;
        await redis.EvaluateInBackgroundAsync(
            BudgetScripts.Settle,
            KeysOf(counters),
            ValuesOf(counters, time.GetUtcNow(), reservation.Id, 0, c => Math.Max(0, actual.UnitsFor(c.Type))),
            ct);
    }

    /// <summary>
    /// Removes the reservation and spends nothing (upstream failure, client gone before any usage). First call only; safe to
    /// repeat in Redis (the settle script runs once per reservation id).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken ct)
    {
        // Unavailable too: the reserve script may have run after its caller stopped waiting.
        if (reservation.Outcome is not (BudgetOutcome.Admitted or BudgetOutcome.Unavailable) || !reservation.TryFinish())
        {
            return;
        }

        var counters = reservation.Counters;
        await redis.EvaluateInBackgroundAsync(
            BudgetScripts.Settle, KeysOf(counters), ValuesOf(counters, time.GetUtcNow(), reservation.Id, 0, static _ => 0), ct);
    }

    /// <summary>The subject's current-period counter; null when it has no budget or Redis is unavailable.</summary>
    public async ValueTask<BudgetUsage?> ReadAsync(LimitSubject subject, CancellationToken ct)
    {
        if (subject.Budget is not { } budget)
        {
            return null;
        }

        var period = BudgetPeriod.Segment(budget.PeriodicReset, time.GetUtcNow());
        var result = await redis.EvaluateAsync(BudgetScripts.Read, [GovernanceKeys.Budget(subject.Scope, subject.Id, period)], [], ct);
        if (result is null)
        {
            return null;
        }

        var fields = (long[])result!;
        return new BudgetUsage(period, fields[0], fields[1], fields[2] == 1, fields[3] == 1, fields[4] == 1);
    }

    private static RedisKey[] KeysOf(IReadOnlyList<BudgetCounter> counters)
    {
        var keys = new RedisKey[(3 * counters.Count) + 1];
        for (var i = 0; i < counters.Count; i++)
        {
            var key = counters[i].Key;
            keys[3 * i] = key;
            keys[(3 * i) + 1] = GovernanceKeys.Reservations(key);
            keys[(3 * i) + 2] = GovernanceKeys.ReservationAmounts(key);
        }

        keys[^1] = AlertStream;
        return keys;
    }

    private RedisValue[] ValuesOf(
        IReadOnlyList<BudgetCounter> counters, DateTimeOffset now, string id, long expiry, Func<BudgetCounter, long> units)
    {
        var values = new RedisValue[4 + (8 * counters.Count)];
        values[0] = now.ToUnixTimeMilliseconds();
        values[1] = id;
        values[2] = expiry;
        values[3] = _options.AlertStreamMaxLength;
        for (var i = 0; i < counters.Count; i++)
        {
            var counter = counters[i];
            var b = 4 + (8 * i);
            values[b] = units(counter);
            values[b + 1] = counter.LimitUnits;
            values[b + 2] = counter.ThresholdUnits is { } threshold ? threshold : RedisValue.EmptyString;
            values[b + 3] = TtlMs(counter.PeriodEnd, now);
            values[b + 4] = counter.Subject.Scope;
            values[b + 5] = counter.Subject.Id.ToString("D");
            values[b + 6] = counter.Period;
            values[b + 7] = counter.Type;
        }

        return values;
    }

    // Relative, on the callers' clock: a late settle still keeps an old counter for a moment, never deletes it at once.
    private static long TtlMs(DateTimeOffset? periodEnd, DateTimeOffset now) =>
        periodEnd is { } end ? Math.Max(60_000, (long)(end + CounterGrace - now).TotalMilliseconds) : 0;
}
