using System.Diagnostics.Metrics;
using DataPlane.Governance;
using DataPlane.Governance.Budgets;
using DataPlane.Governance.RateLimits;
using DataPlane.Governance.Redis;
using Contracts.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DataPlane.Tests.Governance.Stores;

/// <summary>Builds the stores as DI would, for one "replica" (a connection) and a clock.</summary>
internal static class StoreFactory
{
    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    // Generous: a 2-core machine running the whole suite can stall a call past the production 50 ms, and a timed-out
    // settle or release would then look like a ledger bug. The guard's own tests set their timeouts explicitly.
    private static GovernanceOptions Relaxed => new() { RedisTimeoutMs = 2_000 };

    public static GovernanceRedis Guard(
        IConnectionMultiplexer redis, TimeProvider time, GovernanceOptions? options = null, ILogger<GovernanceRedis>? logger = null, IMeterFactory? meters = null) =>
        new(redis, time, logger ?? NullLogger<GovernanceRedis>.Instance, Options.Create(options ?? Relaxed), meters ?? Meters);

    public static BudgetLedger Ledger(IConnectionMultiplexer redis, TimeProvider time, GovernanceOptions? options = null) =>
        new(Guard(redis, time, options), time, Options.Create(options ?? Relaxed));

    public static RateLimiter Rates(IConnectionMultiplexer redis, TimeProvider time) => new(Guard(redis, time), time);

    public static ReplicaRegistry Replicas(IConnectionMultiplexer redis, TimeProvider time) =>
        new(Guard(redis, time), time, NullLogger<ReplicaRegistry>.Instance, Options.Create(Relaxed));

    public static LimitSubject Budgeted(string scope, decimal limit, string type = "cost", decimal? threshold = null, string? reset = null) =>
        new(scope, Guid.NewGuid(), scope + "-" + Guid.NewGuid().ToString("N")[..6],
            new UsageLimitsEntry { Type = type, CreditLimit = limit, AlertThreshold = threshold, PeriodicReset = reset }, []);

    public static LimitSubject RateLimited(string scope, params RateLimitEntry[] limits) =>
        new(scope, Guid.NewGuid(), scope + "-" + Guid.NewGuid().ToString("N")[..6], null, limits);

    public static RateLimitEntry Limit(string type, string unit, long value) => new() { Type = type, Unit = unit, Value = value };

    /// <summary>A cost estimate in USD.</summary>
    public static UsageAmount Usd(decimal usd) => new(0, (long)(usd * 1_000_000_000m));

    public static UsageAmount Tokens(long tokens) => new(tokens, 0);
}
