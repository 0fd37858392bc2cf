using System.Diagnostics;
using System.Diagnostics.Metrics;
using DataPlane.Governance.Budgets;
using DataPlane.Governance.Redis;
using DataPlane.Tests.Routing.CircuitBreakers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TestKit.Redis;
using static DataPlane.Tests.Governance.Stores.StoreFactory;

namespace DataPlane.Tests.Governance.Stores;

/// <summary>The guard: a stopped Redis costs ~nothing once the breaker is open, is logged once, and is left when Redis is back.</summary>
public sealed class GovernanceRedisTests
{
    private static readonly LuaScript Ping = LuaScript.Prepare("return 1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisStopped_CallsReturnNullAtOnceWhileTheBreakerIsOpen_ThenRecover_LoggedOnceEach()
    {
        await using var server = await RedisServer.StartAsync(Ct);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var logger = new CapturingLogger<GovernanceRedis>();
        var guard = Guard(server.Connection, TimeProvider.System, new GovernanceOptions { BreakDurationMs = 500, RedisTimeoutMs = 500 }, logger,
            meters.GetRequiredService<IMeterFactory>());
        using var metrics = new GuardMetrics();
        Assert.Equal(1, (long)(await guard.EvaluateAsync(Ping, [], [], Ct))!);
        Assert.True(guard.IsAvailable);

        await server.StopServerAsync();
        var opening = Stopwatch.StartNew();
        while (guard.IsAvailable)
        {
            Assert.Null(await guard.EvaluateAsync(Ping, [], [], Ct));
            Assert.True(opening.Elapsed < TimeSpan.FromSeconds(5), "the breaker never opened");
        }

        Assert.Equal(1, metrics.Degraded());
        for (var i = 0; i < 100; i++)
        {
            var call = Stopwatch.StartNew();
            Assert.Null(await guard.EvaluateAsync(Ping, [], [], Ct));
            // Far below the 500 ms timeout (loose enough for a loaded CI machine): nothing waits on the dead Redis.
            Assert.True(call.Elapsed < TimeSpan.FromMilliseconds(100), $"took {call.Elapsed}");
        }

        using var restarted = RestartOnPort(server.Port);
        try
        {
            var recovering = Stopwatch.StartNew();
            RedisResult? result;
            while ((result = await guard.EvaluateAsync(Ping, [], [], Ct)) is null)
            {
                Assert.True(recovering.Elapsed < TimeSpan.FromSeconds(15), "never recovered");
                await Task.Delay(50, Ct);
            }

            Assert.Equal(1, (long)result);
            // Polly runs state-change callbacks on its own scheduler: "closed" is reported just after the probe returns.
            while (!guard.IsAvailable)
            {
                Assert.True(recovering.Elapsed < TimeSpan.FromSeconds(15), "never reported available");
                await Task.Delay(10, Ct);
            }

            Assert.Equal(0, metrics.Degraded());
            Assert.True(metrics.Failures >= 3);
            Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
            Assert.Single(logger.Entries, e => e.Level == LogLevel.Information);
        }
        finally
        {
            restarted.Kill();
            await restarted.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task RedisStalled_EachCallIsBoundedByTheTimeout_TheLedgerReportsUnavailable_AndTheLaterSettleStillSpends()
    {
        await using var server = await RedisServer.StartAsync(Ct);
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},allowAdmin=true");
        var options = new GovernanceOptions { RedisTimeoutMs = 200 };
        var ledger = Ledger(server.Connection, TimeProvider.System, options);
        var key = Budgeted(Contracts.Limits.LimitScope.ApiKey, 10, "tokens");
        Assert.Equal(BudgetOutcome.Admitted, (await ledger.ReserveAsync([key], Tokens(1), Ct)).Outcome);

        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1000", "ALL");
        var watch = Stopwatch.StartNew();
        var reservation = await ledger.ReserveAsync([key], Tokens(1), Ct);

        Assert.Equal(BudgetOutcome.Unavailable, reservation.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(1000), $"took {watch.Elapsed}");
        Assert.Same(key, reservation.Counters[0].Subject);

        // Admitted unreserved (fail open): its spend still counts once Redis answers again.
        await Task.Delay(1200, Ct);
        await ledger.SettleAsync(reservation, Tokens(4), Ct);
        var usage = await ledger.ReadAsync(key, Ct);
        Assert.Equal((4L, 1L), (usage!.Spent, usage.Reserved));
    }

    [Fact]
    public async Task NeverConnected_ReturnsNullAtOnce()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,connectRetry=1");
        var guard = Guard(connection, TimeProvider.System);

        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.Null(await guard.EvaluateAsync(Ping, [], [], Ct));
            Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(100), $"took {watch.Elapsed}");
        }

        Assert.False(guard.IsAvailable);
    }

    private static Process RestartOnPort(int port)
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Listens to meter <c>Gateway.Governance</c>.</summary>
    private sealed class GuardMetrics : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _degraded = -1;
        private long _failures;

        public GuardMetrics()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GovernanceRedis.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Interlocked.Exchange(ref _degraded, value));
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Interlocked.Add(ref _failures, value));
            _listener.Start();
        }

        public long Failures => Interlocked.Read(ref _failures);

        public long Degraded()
        {
            _listener.RecordObservableInstruments();
            return Interlocked.Read(ref _degraded);
        }

        public void Dispose() => _listener.Dispose();
    }
}
