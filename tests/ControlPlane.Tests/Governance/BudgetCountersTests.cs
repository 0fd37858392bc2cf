using Contracts.Limits;
using ControlPlane.Governance;
using ControlPlane.Limits;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using TestKit.Redis;

namespace ControlPlane.Tests.Governance;

public sealed class BudgetCountersTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    private static readonly IOptions<GovernanceOptions> Options = Microsoft.Extensions.Options.Options.Create(new GovernanceOptions());

    private static BudgetReader Reader(IConnectionMultiplexer redis, TimeProvider time) =>
        new(redis, Options, time, NullLogger<BudgetReader>.Instance);

    [Fact]
    public async Task Read_UsesTheCurrentPeriodsHash_AndShowsUsageAndStatus()
    {
        await using var redis = await RedisServer.StartAsync(Cancellation);
        // Wednesday 18 June 2025: the weekly period began Sunday 15 June, the monthly one 1 June.
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 18, 10, 0, 0, TimeSpan.Zero));
        var (weekly, monthly, old) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var db = redis.Connection.GetDatabase();
        await db.HashSetAsync(GovernanceKeys.Budget(LimitScope.ApiKey, weekly, "20250615"), GovernanceKeys.FieldSpent, 250_000_000);
        await db.HashSetAsync(GovernanceKeys.Budget(LimitScope.ApiKey, weekly, "20250608"), GovernanceKeys.FieldSpent, 999_000_000_000);
        await db.HashSetAsync(GovernanceKeys.Budget(LimitScope.Provider, monthly, "20250601"),
            [new HashEntry(GovernanceKeys.FieldSpent, 10), new HashEntry(GovernanceKeys.FieldRefused, "1")]);

        var reads = await Reader(redis.Connection, time).ReadAsync(
            [new BudgetRef(LimitScope.ApiKey, weekly, "weekly"), new BudgetRef(LimitScope.Provider, monthly, "monthly"),
             new BudgetRef(LimitScope.Workspace, old, null)], Cancellation);

        Assert.NotNull(reads);
        var costLimit = new UsageLimits { Type = "cost", CreditLimit = 1m };
        var key = UsageLimitsResponse.From(costLimit, reads[new BudgetRef(LimitScope.ApiKey, weekly, "weekly")])!;
        Assert.Equal((0.25m, "active"), (key.CurrentUsage, key.Status));
        var provider = UsageLimitsResponse.From(new UsageLimits { Type = "tokens", CreditLimit = 1000 }, reads[new BudgetRef(LimitScope.Provider, monthly, "monthly")])!;
        Assert.Equal((10m, "exhausted"), (provider.CurrentUsage, provider.Status));
        Assert.Equal(BudgetState.Empty, reads[new BudgetRef(LimitScope.Workspace, old, null)]);

        // Next Sunday a new weekly period starts from zero.
        time.SetUtcNow(new DateTimeOffset(2025, 6, 22, 0, 0, 0, TimeSpan.Zero));
        var next = await Reader(redis.Connection, time).ReadOneAsync(new BudgetRef(LimitScope.ApiKey, weekly, "weekly"), Cancellation);
        Assert.Equal(0, next!.SpentUnits);
    }

    [Fact]
    public async Task Read_SpentAtTheLimit_IsExhausted()
    {
        await using var redis = await RedisServer.StartAsync(Cancellation);
        var id = Guid.NewGuid();
        await redis.Connection.GetDatabase().HashSetAsync(GovernanceKeys.Budget(LimitScope.Workspace, id, BudgetPeriod.Forever), GovernanceKeys.FieldSpent, 500);
        var state = await Reader(redis.Connection, TimeProvider.System).ReadOneAsync(new BudgetRef(LimitScope.Workspace, id, null), Cancellation);
        Assert.Equal("exhausted", UsageLimitsResponse.From(new UsageLimits { Type = "tokens", CreditLimit = 500 }, state)!.Status);
    }

    [Fact]
    public async Task Read_WithRedisDown_ReturnsUnknownQuickly_AndTheResponseOmitsStatus()
    {
        var redis = await RedisServer.StartAsync(Cancellation);
        var connection = redis.Connection;
        await redis.StopServerAsync();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var state = await Reader(connection, TimeProvider.System).ReadOneAsync(new BudgetRef(LimitScope.ApiKey, Guid.NewGuid(), null), Cancellation);
            Assert.Null(state);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
            var response = UsageLimitsResponse.From(new UsageLimits { Type = "cost", CreditLimit = 5 }, state)!;
            var json = System.Text.Json.JsonSerializer.Serialize(response, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower });
            Assert.Contains("\"current_usage\":null", json);
            Assert.DoesNotContain("status", json);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reset_ZeroesSpentAndFlags_KeepsReservations_AndStampsResetAt()
    {
        await using var redis = await RedisServer.StartAsync(Cancellation);
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 18, 10, 0, 0, TimeSpan.Zero));
        var id = Guid.NewGuid();
        var key = GovernanceKeys.Budget(LimitScope.ApiKey, id, "20250601");
        var db = redis.Connection.GetDatabase();
        await db.HashSetAsync(key, [
            new HashEntry(GovernanceKeys.FieldSpent, 900), new HashEntry(GovernanceKeys.FieldReserved, 40),
            new HashEntry(GovernanceKeys.FieldRefused, "1"), new HashEntry(GovernanceKeys.FieldAlerted, "1"), new HashEntry(GovernanceKeys.FieldExhausted, "1")]);
        await db.SortedSetAddAsync(GovernanceKeys.Reservations(key), "r1", 1);

        await new BudgetResetter(redis.Connection, time, NullLogger<BudgetResetter>.Instance)
            .ResetAsync(new BudgetRef(LimitScope.ApiKey, id, "monthly"), Cancellation);

        var fields = (await db.HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(new Dictionary<string, string>
        {
            ["spent"] = "0", ["reserved"] = "40", ["reset_at"] = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, fields);
        Assert.Equal(1, await db.SortedSetLengthAsync(GovernanceKeys.Reservations(key)));
    }
}
