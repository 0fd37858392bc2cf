using System.Diagnostics;
using System.Net;
using Contracts;
using Contracts.Security;
using Contracts.Snapshots;
using TestKit.FakeProviders;
using TestKit.Redis;

namespace DataPlane.Tests.Governance;

/// <summary>
/// Redis stopped mid-traffic: a <c>fail_open</c> workspace keeps serving, its rate limits enforced by this replica's share;
/// a <c>fail_closed</c> one gets 503 in OpenAI's shape; no 500s, and no request waits on the dead Redis.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private static readonly Guid OpenWorkspace = Guid.NewGuid();
    private static readonly Guid ClosedWorkspace = Guid.NewGuid();
    private static readonly string OpenKey = ApiKeyHasher.NewKey();
    private static readonly string ClosedKey = ApiKeyHasher.NewKey();
    private static readonly string BudgetKey = ApiKeyHasher.NewKey();

    private RedisServer _redis = null!;
    private FakeOpenAiServer _upstream = null!;
    private DataPlaneFactory _replica = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _redis = await RedisServer.StartAsync(ct);
        _upstream = await FakeOpenAiServer.StartAsync(ct);
        RateLimitEntry[] tenPerMinute = [new() { Type = "requests", Unit = "rpm", Value = 10 }];
        var snapshot = TestSnapshot.Build(1,
            Key(OpenKey, OpenWorkspace) with { RateLimits = tenPerMinute },
            Key(ClosedKey, ClosedWorkspace) with { RateLimits = tenPerMinute },
            Key(BudgetKey, OpenWorkspace) with { UsageLimits = new UsageLimitsEntry { Type = "cost", CreditLimit = 10m } }) with
        {
            Workspaces =
            [
                new WorkspaceEntry(OpenWorkspace, "open", "Open"),
                new WorkspaceEntry(ClosedWorkspace, "closed", "Closed") { RedisFailurePolicy = "fail_closed" },
            ],
            Providers = [TestSnapshot.Provider("fast", "openai", workspace: null, _upstream.BaseUrl, "sk-fast-0123456789")],
        };
        var settings = GovernanceFixture.Settings(_redis.Port);
        settings["Gateway:Governance:RedisTimeoutMs"] = "250";
        _replica = new DataPlaneFactory(snapshot, settings);
        await GovernanceFixture.WaitUntilReadyAsync(_replica, ct);
    }

    [Fact]
    public async Task RedisStopped_FailOpenServesWithinItsLocalShare_FailClosedAnswers503_NothingWaitsOnRedis()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _replica.CreateClient();
        // Redis up: counted there.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, OpenKey, ct));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, ClosedKey, ct));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, BudgetKey, ct));

        await _redis.StopServerAsync();

        // fail_closed: 503 with OpenAI's error shape and Retry-After, never a 500.
        using (var request = GovernanceFixture.Chat(ClosedKey, "@fast/gpt-4o-mini"))
        using (var response = await client.SendAsync(request, ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("limits_unavailable", (await GovernanceFixture.ErrorOf(response, ct)).GetProperty("code").GetString());
            Assert.NotNull(response.Headers.RetryAfter);
        }

        // fail_open: served; this lone replica's share is the whole limit (10 per minute), so exactly 10 pass.
        var statuses = new List<HttpStatusCode>();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 15; i++)
        {
            var watch = Stopwatch.StartNew();
            statuses.Add(await SendAsync(client, OpenKey, ct));
            slowest = watch.Elapsed > slowest && i > 0 ? watch.Elapsed : slowest;
        }

        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        // Budgets fail open too (reconciliation counts the spend later).
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, BudgetKey, ct));

        // Once the guard's breaker is open, a request does not wait on Redis at all: bounded far below SE.Redis's own
        // multi-second timeouts (the first request after the stop pays the guard's short timeout).
        Assert.True(slowest < TimeSpan.FromMilliseconds(500), $"slowest request while Redis was down: {slowest.TotalMilliseconds} ms");
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string key, CancellationToken cancellationToken)
    {
        using var request = GovernanceFixture.Chat(key, "@fast/gpt-4o-mini");
        using var response = await client.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private static ApiKeyEntry Key(string secret, Guid workspace) =>
        TestSnapshot.Key(secret, Guid.NewGuid(), "workspace", workspace, [Scopes.CompletionsWrite]);

    public async ValueTask DisposeAsync()
    {
        await _replica.DisposeAsync();
        await _upstream.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
