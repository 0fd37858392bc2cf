using Contracts.Limits;
using StackExchange.Redis;

namespace ControlPlane.Governance;

/// <summary>The manual reset: the period's counter starts again from zero; live reservations stay (they settle later).</summary>
internal sealed class BudgetResetter(IConnectionMultiplexer redis, TimeProvider time, ILogger<BudgetResetter> logger)
{
    // KEYS[1] the budget hash; ARGV[1] now (Unix ms). One script, so no reservation or settle interleaves half-way.
    private const string ResetScript = """
        redis.call('HSET', KEYS[1], 'spent', 0, 'reset_at', ARGV[1])
        redis.call('HDEL', KEYS[1], 'refused', 'alerted', 'exhausted')
        return 1
        """;

    /// <summary>Resets the current period's counter; throws <see cref="RedisException"/> when Redis is unavailable.</summary>
    public async Task ResetAsync(BudgetRef budget, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var period = BudgetPeriod.Segment(budget.PeriodicReset, now);
        await redis.GetDatabase()
            .ScriptEvaluateAsync(ResetScript, [GovernanceKeys.Budget(budget.Scope, budget.Id, period)], [now.ToUnixTimeMilliseconds()])
            .WaitAsync(TimeSpan.FromSeconds(2), time, cancellationToken);
        GovernanceLog.BudgetReset(logger, budget.Scope, budget.Id, period);
    }
}
