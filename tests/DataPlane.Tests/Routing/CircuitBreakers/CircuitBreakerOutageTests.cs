using System.Diagnostics;
using DataPlane.Routing.CircuitBreakers;
using DataPlane.Routing.Plans;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TestKit.Redis;

namespace DataPlane.Tests.Routing.CircuitBreakers;

/// <summary>Redis unreachable or stalled: breakers count as closed, fast, and the outage is logged once.</summary>
public sealed class CircuitBreakerOutageTests
{
    private static readonly BreakerPolicy Policy = new(1, TimeSpan.FromSeconds(30), BreakerPolicy.DefaultFailureStatusCodes);
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task RedisUnreachable_EveryCallFailsOpenWithinOneSecond_AndTheOutageIsLoggedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=500,connectRetry=1");
        var logger = new CapturingLogger<CircuitBreakerStore>();
        var store = new CircuitBreakerStore(connection, TimeProvider.System, logger);

        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            await store.RecordAsync("pc-down:config", Policy, 500, ct);
            Assert.False(await store.IsOpenAsync("pc-down:config", Policy, ct));
            Assert.Equal(new[] { false, false }, await store.AreOpenAsync(["pc-down:config", "pc-down:other"], [Policy, Policy], ct));
            Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
        }

        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task RedisStalled_AnOpenBreakerCountsAsClosed_WithinTheTimeout_ThenWorksAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        var logger = new CapturingLogger<CircuitBreakerStore>();
        var store = new CircuitBreakerStore(redis.Connection, TimeProvider.System, logger);
        await store.RecordAsync("pc-slow:config", Policy, null, ct);
        Assert.True(await store.IsOpenAsync("pc-slow:config", Policy, ct));

        // Connected but not answering: every client is paused for 1.5 s.
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL");
        var watch = Stopwatch.StartNew();
        Assert.False(await store.IsOpenAsync("pc-slow:config", Policy, ct));
        Assert.False(await store.IsOpenAsync("pc-slow:config", Policy, ct));
        Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");

        var deadline = Stopwatch.StartNew();
        while (!await store.IsOpenAsync("pc-slow:config", Policy, ct))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the breaker never came back");
            await Task.Delay(50, ct);
        }

        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Information);
    }
}
