using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using Contracts;
using Contracts.Security;
using Contracts.Limits;
using Contracts.Pricing;
using Contracts.Snapshots;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TestKit.FakeProviders;
using TestKit.Redis;

namespace DataPlane.Tests.Governance;

/// <summary>
/// Two data-plane replicas sharing one real redis-server, in front of fake OpenAI upstreams, with keys, workspaces and
/// providers that carry budgets and rate limits — one of each per test, so tests never share a counter.
/// <c>budget-model</c> is priced at $0 input and $50 per million output tokens: with <c>max_tokens: 1000</c> a request is
/// estimated at exactly $0.05, whatever its prompt.
/// </summary>
public sealed class GovernanceFixture : IAsyncLifetime
{
    public const string PricedModel = "budget-model";
    public static readonly Guid LimitedWorkspace = Guid.NewGuid();
    public static readonly Guid ClosedWorkspace = Guid.NewGuid();

    // Before the keys: static fields initialise in textual order.
    private static readonly List<(string Secret, ApiKeyEntry Entry)> AllKeys = [];

    internal RedisServer Redis { get; private set; } = null!;

    /// <summary>
    /// Answers after <see cref="FakeUpstreamServer.ResponseDelay"/> (1.5 s), so concurrent requests are in flight at once,
    /// with 1000 completion tokens.
    /// </summary>
    public FakeOpenAiServer Slow { get; private set; } = null!;
    public FakeOpenAiServer Fast { get; private set; } = null!;
    public DataPlaneFactory ReplicaA { get; private set; } = null!;
    public DataPlaneFactory ReplicaB { get; private set; } = null!;
    public GatewaySnapshot Snapshot { get; private set; } = null!;

    public IDatabase Db => Redis.Connection.GetDatabase();

    // Keys, one per test (the secret, and its entry for the ids).
    public static readonly string OneDollarKey = AddKey("one-dollar", budget: Cost(1.00m));
    public static readonly string StreamKey = AddKey("streams", budget: Cost(100m));
    public static readonly string AlertKey = AddKey("alerts", budget: Cost(1.00m) with { AlertThreshold = 0.0005m });
    public static readonly string SixtyRpmKey = AddKey("sixty-rpm", rates: [new RateLimitEntry { Type = "requests", Unit = "rpm", Value = 60 }]);
    public static readonly string TokenRateKey = AddKey("tokens-per-minute", rates: [new RateLimitEntry { Type = "tokens", Unit = "rpm", Value = 100 }]);
    public static readonly string WorkspaceKey = AddKey("in-limited-workspace", workspace: LimitedWorkspace);
    public static readonly string FallbackKey = AddKey("fallback");
    public static readonly string ClosedKey = AddKey("fail-closed", workspace: ClosedWorkspace,
        rates: [new RateLimitEntry { Type = "requests", Unit = "rpm", Value = 1000 }]);
    public static readonly string OpenKey = AddKey("fail-open", rates: [new RateLimitEntry { Type = "requests", Unit = "rpm", Value = 1000 }]);
    public static readonly string PlainKey = AddKey("plain");
    public static readonly string WeeklyKey = AddKey("weekly", budget: Cost(1.00m) with { PeriodicReset = "weekly", AlertThreshold = 0.5m });
    public static readonly string MonthlyKey = AddKey("monthly", budget: Cost(1.00m) with { PeriodicReset = "monthly" });

    public static ApiKeyEntry EntryOf(string secret) => AllKeys.Single(k => k.Secret == secret).Entry;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Redis = await RedisServer.StartAsync(ct);
        Slow = await FakeOpenAiServer.StartAsync(ct);
        Fast = await FakeOpenAiServer.StartAsync(ct);
        Slow.ResponseDelay = TimeSpan.FromMilliseconds(1500);
        // 1000 words = 1000 completion tokens: an answer costs exactly its $0.05 estimate.
        Slow.ReplyText = string.Join(' ', Enumerable.Repeat("ok", 1000));
        Fast.ReplyText = "fine thanks";
        Snapshot = BuildSnapshot();
        ReplicaA = new DataPlaneFactory(Snapshot, Settings(Redis.Port));
        ReplicaB = new DataPlaneFactory(Snapshot, Settings(Redis.Port));
        await WaitUntilReadyAsync(ReplicaA, ct);
        await WaitUntilReadyAsync(ReplicaB, ct);
    }

    public static Dictionary<string, string> Settings(int redisPort) => new()
    {
        ["ConnectionStrings:redis"] = $"127.0.0.1:{redisPort},abortConnect=false,connectTimeout=2000",
        ["Gateway:UpstreamTimeoutMs"] = "10000",
        ["Gateway:StreamIdleTimeoutMs"] = "10000",
        // Generous for a loaded CI machine: a timed-out call would fail open and let these tests' budgets through.
        ["Gateway:Governance:RedisTimeoutMs"] = "2000",
    };

    public GatewaySnapshot BuildSnapshot() => TestSnapshot.Build(1, [.. AllKeys.Select(k => k.Entry)]) with
    {
        Workspaces =
        [
            new WorkspaceEntry(TestSnapshot.WorkspaceA, "a", "A"),
            new WorkspaceEntry(LimitedWorkspace, "limited", "Limited") { UsageLimits = new UsageLimitsEntry { Type = "tokens", CreditLimit = 50 } },
            new WorkspaceEntry(ClosedWorkspace, "closed", "Closed") { RedisFailurePolicy = "fail_closed" },
        ],
        Providers =
        [
            TestSnapshot.Provider("slow", "openai", workspace: null, Slow.BaseUrl, "sk-slow-0123456789"),
            TestSnapshot.Provider("fast", "openai", workspace: null, Fast.BaseUrl, "sk-fast-0123456789"),
            // Cannot take even one request: its budget is smaller than any estimate.
            TestSnapshot.Provider("broke", "openai", workspace: null, Fast.BaseUrl, "sk-broke-0123456789") with
            {
                UsageLimits = new UsageLimitsEntry { Type = "cost", CreditLimit = 0.001m },
            },
            TestSnapshot.Provider("off", "openai", workspace: null, Fast.BaseUrl, "sk-off-0123456789") with { Disabled = true },
        ],
        Prices = [new ModelPriceEntry("openai", PricedModel, 0m, 50m)],
    };

    /// <summary>A chat request for <paramref name="model"/> estimated at $0.05 (<c>max_tokens</c> 1000 at the fixture's price).</summary>
    public static HttpRequestMessage Chat(string key, string model, bool stream = false, string? config = null)
    {
        var body = $$"""{"model":"{{model}}","max_tokens":1000,"stream":{{(stream ? "true" : "false")}},{{(stream ? "\"stream_options\":{\"include_usage\":true}," : "")}}"messages":[{"role":"user","content":"How are you today?"}]}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("x-portkey-api-key", key);
        if (config is not null)
        {
            request.Headers.TryAddWithoutValidation("x-portkey-config", config);
        }

        return request;
    }

    /// <summary>The budget hash of a key in the current (never-resetting) period.</summary>
    public async Task<(long Spent, long Reserved, bool Refused)> ReadBudgetAsync(string scope, Guid id, string period = BudgetPeriod.Forever)
    {
        var values = await Db.HashGetAsync(GovernanceKeys.Budget(scope, id, period),
            [GovernanceKeys.FieldSpent, GovernanceKeys.FieldReserved, GovernanceKeys.FieldRefused]);
        return ((long?)values[0] ?? 0, (long?)values[1] ?? 0, values[2] == "1");
    }

    public static async Task<JsonElement> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("error");

    private static UsageLimitsEntry Cost(decimal limit) => new() { Type = "cost", CreditLimit = limit };

    private static string AddKey(string name, UsageLimitsEntry? budget = null, IReadOnlyList<RateLimitEntry>? rates = null, Guid? workspace = null)
    {
        var secret = ApiKeyHasher.NewKey();
        AllKeys.Add((secret, TestSnapshot.Key(secret, Guid.NewGuid(), "workspace", workspace ?? TestSnapshot.WorkspaceA, [Scopes.CompletionsWrite]) with
        {
            Name = name,
            UsageLimits = budget,
            RateLimits = rates ?? [],
        }));
        return secret;
    }

    /// <summary>Serving, with the replica's own Redis connection up (/health stays healthy without Redis).</summary>
    public static async Task WaitUntilReadyAsync(WebApplicationFactory<Program> replica, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        var client = replica.CreateClient();
        while ((await client.GetAsync("/health", deadline.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50, deadline.Token);
        }

        var redis = replica.Services.GetRequiredService<IConnectionMultiplexer>();
        while (!redis.IsConnected)
        {
            await Task.Delay(50, deadline.Token);
        }

        await redis.GetDatabase().PingAsync().WaitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await ReplicaA.DisposeAsync();
        await ReplicaB.DisposeAsync();
        await Slow.DisposeAsync();
        await Fast.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
