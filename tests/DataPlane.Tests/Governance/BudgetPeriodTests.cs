using System.Net;
using Contracts.Limits;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DataPlane.Tests.Governance;

/// <summary>
/// Weekly and monthly budgets reset at their boundary (Sunday 00:00 UTC, the 1st 00:00 UTC), on a replica whose clock
/// the test moves; alerts fire once per threshold per period.
/// </summary>
[Collection(GovernanceCollection.Name)]
public sealed class BudgetPeriodTests(GovernanceFixture fixture)
{
    private const long Limit = 1_000_000_000; // $1.00

    [Fact]
    public async Task WeeklyBudget_ResetsAtSundayMidnightUtc_AndAlertsOncePerPeriod()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 23, 59, 30, TimeSpan.Zero)); // a Saturday
        await using var replica = WithClock(clock);
        await GovernanceFixture.WaitUntilReadyAsync(replica, ct);
        var client = replica.CreateClient();
        var key = GovernanceFixture.EntryOf(GovernanceFixture.WeeklyKey);
        var saturdayWeek = GovernanceKeys.Budget(LimitScope.ApiKey, key.Id, "20261122");

        // Spent up to just under the alert threshold ($0.50): the next answer crosses it; the one after exhausts nothing yet.
        await fixture.Db.HashSetAsync(saturdayWeek, GovernanceKeys.FieldSpent, 499_999_999);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, GovernanceFixture.WeeklyKey, ct));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, GovernanceFixture.WeeklyKey, ct));
        await BudgetTests.WaitForAsync(() => fixture.ReadBudgetAsync(LimitScope.ApiKey, key.Id, "20261122"), b => b.Reserved == 0, ct);
        Assert.Single(await AlertsAsync(key.Id, "threshold", "20261122"));

        // Spent in full: refused until the week turns.
        await fixture.Db.HashSetAsync(saturdayWeek, GovernanceKeys.FieldSpent, Limit);
        Assert.Equal(HttpStatusCode.PreconditionFailed, await SendAsync(client, GovernanceFixture.WeeklyKey, ct));
        Assert.Single(await AlertsAsync(key.Id, "exhausted", "20261122"));

        clock.Advance(TimeSpan.FromSeconds(31)); // Sunday 00:00:01 UTC
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, GovernanceFixture.WeeklyKey, ct));
        var sundayWeek = await BudgetTests.WaitForAsync(
            () => fixture.ReadBudgetAsync(LimitScope.ApiKey, key.Id, "20261129"), b => b.Reserved == 0 && b.Spent > 0, ct);
        Assert.False(sundayWeek.Refused);

        // The new week has its own threshold alert.
        await fixture.Db.HashSetAsync(GovernanceKeys.Budget(LimitScope.ApiKey, key.Id, "20261129"), GovernanceKeys.FieldSpent, 499_999_999);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, GovernanceFixture.WeeklyKey, ct));
        await BudgetTests.WaitForAsync(() => AlertsAsync(key.Id, "threshold", "20261129"), a => a.Count == 1, ct);
        Assert.Single(await AlertsAsync(key.Id, "threshold", "20261122"));
    }

    [Fact]
    public async Task MonthlyBudget_ResetsOnTheFirstAtMidnightUtc()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 59, 50, TimeSpan.Zero));
        await using var replica = WithClock(clock);
        await GovernanceFixture.WaitUntilReadyAsync(replica, ct);
        var client = replica.CreateClient();
        var key = GovernanceFixture.EntryOf(GovernanceFixture.MonthlyKey);

        await fixture.Db.HashSetAsync(GovernanceKeys.Budget(LimitScope.ApiKey, key.Id, "20261101"), GovernanceKeys.FieldSpent, Limit - 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, await SendAsync(client, GovernanceFixture.MonthlyKey, ct));

        clock.Advance(TimeSpan.FromSeconds(10)); // December 1st, 00:00:00 UTC
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, GovernanceFixture.MonthlyKey, ct));
        var december = await BudgetTests.WaitForAsync(
            () => fixture.ReadBudgetAsync(LimitScope.ApiKey, key.Id, "20261201"), b => b.Reserved == 0 && b.Spent > 0, ct);
        Assert.InRange(december.Spent, 1, 50_000_000);
        Assert.True((await fixture.ReadBudgetAsync(LimitScope.ApiKey, key.Id, "20261101")).Refused);
    }

    private WebApplicationFactory<Program> WithClock(FakeTimeProvider clock) => fixture.ReplicaA.WithWebHostBuilder(
        builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string key, CancellationToken cancellationToken)
    {
        using var request = GovernanceFixture.Chat(key, $"@fast/{GovernanceFixture.PricedModel}");
        using var response = await client.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private async Task<List<StackExchange.Redis.StreamEntry>> AlertsAsync(Guid id, string kind, string period) =>
        [.. (await fixture.Db.StreamRangeAsync(GovernanceKeys.AlertStream))
            .Where(e => e["id"] == id.ToString("D") && e["kind"] == kind && e["period"] == period)];
}
