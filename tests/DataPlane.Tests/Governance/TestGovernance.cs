using System.Diagnostics.Metrics;
using DataPlane.Governance;
using DataPlane.Governance.Budgets;
using DataPlane.Governance.RateLimits;
using DataPlane.Governance.Redis;
using DataPlane.Providers.Tokens;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DataPlane.Tests.Governance;

/// <summary>A governance gate for unit tests of code that only passes requests through it (no limits, so no Redis call).</summary>
internal static class TestGovernance
{
    // Nothing listens on port 1: a gate without limits never calls Redis anyway.
    private static readonly Lazy<ConnectionMultiplexer> Unreachable =
        new(() => ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=100"));

    public static GovernanceGate Gate(IMeterFactory meters)
    {
        var options = Options.Create(new GovernanceOptions());
        var redis = new GovernanceRedis(Unreachable.Value, TimeProvider.System, NullLogger<GovernanceRedis>.Instance, options, meters);
        var replicas = new ReplicaRegistry(redis, TimeProvider.System, NullLogger<ReplicaRegistry>.Instance, options);
        return new GovernanceGate(new BudgetLedger(redis, TimeProvider.System, options), new RateLimiter(redis, TimeProvider.System),
            new LocalRateLimits(replicas), new TokenCounter(), options, NullLogger<GovernanceGate>.Instance);
    }
}
