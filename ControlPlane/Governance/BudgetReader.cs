using Contracts.Limits;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Governance;

/// <summary>
/// Reads the current period's budget counters for admin reads, many in one pipelined batch. Redis being down never
/// fails a read: after a short timeout the usage is simply unknown (null).
/// </summary>
internal sealed class BudgetReader(
    IConnectionMultiplexer redis, IOptions<GovernanceOptions> options, TimeProvider time, ILogger<BudgetReader> logger)
{
    private static readonly RedisValue[] Fields = [GovernanceKeys.FieldSpent, GovernanceKeys.FieldRefused];

    /// <summary>The counter of each budget; null when Redis could not answer in time.</summary>
    public async Task<IReadOnlyDictionary<BudgetRef, BudgetState>?> ReadAsync(IReadOnlyCollection<BudgetRef> budgets, CancellationToken cancellationToken)
    {
        if (budgets.Count == 0)
        {
            return new Dictionary<BudgetRef, BudgetState>();
        }

        if (!redis.IsConnected)
        {
            return null;
        }

        try
        {
            var now = time.GetUtcNow();
            var batch = redis.GetDatabase().CreateBatch();
            var reads = budgets.Distinct()
                .Select(b => (Budget: b, Read: batch.HashGetAsync(
                    GovernanceKeys.Budget(b.Scope, b.Id, BudgetPeriod.Segment(b.PeriodicReset, now)), Fields)))
                .ToList();
            batch.Execute();
            await Task.WhenAll(reads.Select(r => r.Read))
                .WaitAsync(TimeSpan.FromMilliseconds(options.Value.RedisTimeoutMilliseconds), time, cancellationToken);
            return reads.ToDictionary(r => r.Budget, r => Parse(r.Read.Result));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            GovernanceLog.BudgetReadFailed(logger, ex);
            return null;
        }
    }

    public async Task<BudgetState?> ReadOneAsync(BudgetRef budget, CancellationToken cancellationToken) =>
        await ReadAsync([budget], cancellationToken) is { } states ? states[budget] : null;

    private static BudgetState Parse(RedisValue[] values) => new(
        values[0].TryParse(out long spent) ? spent : values[0].TryParse(out double d) ? (long)d : 0,
        values[1] == "1");
}
