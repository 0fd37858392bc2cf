using DataPlane.Governance.Budgets;
using DataPlane.Governance.RateLimits;
using DataPlane.Governance.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TestKit.Redis;

namespace DataPlane.Tests.Governance.Stores;

/// <summary>AddGovernanceStores wires the stores and binds <c>Gateway:Governance</c>.</summary>
public sealed class GovernanceStoreRegistrationTests(RedisReplicasFixture redis) : IClassFixture<RedisReplicasFixture>
{
    [Fact]
    public async Task AddGovernanceStores_ResolvesEveryStore_BindsOptions_AndRunsTheReplicaHeartbeat()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Governance:RedisTimeoutMs"] = "1000",
            ["Gateway:Governance:ReservationTtlSeconds"] = "60",
        });
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis.ReplicaA);
        builder.AddGovernanceStores();
        await redis.ReplicaA.GetDatabase().KeyDeleteAsync(ReplicaRegistry.Key);

        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var options = host.Services.GetRequiredService<IOptions<GovernanceOptions>>().Value;
        Assert.Equal((1000, 60, 2000), (options.RedisTimeoutMs, options.ReservationTtlSeconds, options.BreakDurationMs));
        Assert.NotNull(host.Services.GetRequiredService<BudgetLedger>());
        Assert.NotNull(host.Services.GetRequiredService<RateLimiter>());
        Assert.NotNull(host.Services.GetRequiredService<LocalRateLimits>());
        var registry = host.Services.GetRequiredService<ReplicaRegistry>();
        Assert.Contains(registry, host.Services.GetServices<IHostedService>());

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await redis.ReplicaA.GetDatabase().SortedSetScoreAsync(ReplicaRegistry.Key, registry.Member) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the heartbeat never registered this replica");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.Null(await redis.ReplicaA.GetDatabase().SortedSetScoreAsync(ReplicaRegistry.Key, registry.Member));
    }

    [Fact]
    public void InvalidOptions_FailAtStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:Governance:RedisTimeoutMs"] = "0" });
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis.ReplicaA);
        builder.AddGovernanceStores();
        using var host = builder.Build();

        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<GovernanceOptions>>().Value);
    }
}
