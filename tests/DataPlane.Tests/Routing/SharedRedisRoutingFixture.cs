using System.Net;
using System.Text;
using Contracts.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TestKit.FakeProviders;
using TestKit.Redis;

namespace DataPlane.Tests.Routing;

/// <summary>
/// Two data-plane replicas (<see cref="ReplicaA"/>, <see cref="ReplicaB"/>) sharing ONE real redis-server, with the same
/// snapshot (fakes <c>primary</c> and <c>secondary</c>, as in <see cref="RoutingFixture"/>): what circuit breakers shared
/// through Redis are tested against. RabbitMQ stays unreachable, so each replica keeps its usage events in hand.
/// </summary>
public sealed class SharedRedisRoutingFixture : IAsyncLifetime
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    internal RedisServer Redis { get; private set; } = null!;
    public FakeOpenAiServer Primary { get; private set; } = null!;
    public FakeOpenAiServer Secondary { get; private set; } = null!;
    public DataPlaneFactory ReplicaA { get; private set; } = null!;
    public DataPlaneFactory ReplicaB { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Redis = await RedisServer.StartAsync(ct);
        Primary = await FakeOpenAiServer.StartAsync(ct);
        Secondary = await FakeOpenAiServer.StartAsync(ct);
        Primary.ReplyText = "from primary";
        Secondary.ReplyText = "from secondary";

        // Each factory writes its own copy of the snapshot to disk; both copies hold the same content.
        var snapshot = Snapshot();
        ReplicaA = new DataPlaneFactory(snapshot, Settings());
        ReplicaB = new DataPlaneFactory(snapshot, Settings());
        await WaitUntilReadyAsync(ReplicaA, ct);
        await WaitUntilReadyAsync(ReplicaB, ct);
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings:redis"] = $"127.0.0.1:{Redis.Port},abortConnect=false,connectTimeout=2000",
        ["Gateway:UpstreamTimeoutMs"] = "5000",
        ["Gateway:StreamIdleTimeoutMs"] = "1500",
        ["Gateway:Routing:RetryBaseDelayMs"] = "20",
    };

    private GatewaySnapshot Snapshot()
    {
        var snapshot = TestSnapshot.Build(1);
        return snapshot with
        {
            Providers =
            [
                .. snapshot.Providers,
                TestSnapshot.Provider("primary", "openai", workspace: null, Primary.BaseUrl, "sk-primary-0123456789"),
                TestSnapshot.Provider("secondary", "openai", workspace: null, Secondary.BaseUrl, "sk-secondary-0123456789"),
            ],
        };
    }

    /// <summary>
    /// Ready means: serving (/health), and the replica's OWN Redis connection — the one its breakers use — is connected to
    /// this fixture's server and answers a round trip (/health stays healthy without Redis, so it proves nothing about it).
    /// Then one request through a breaker-guarded target warms up routing, the breaker scripts and the upstream connection,
    /// so the tests' first requests are not slow enough to outlast a 1 s cooldown.
    /// </summary>
    private async Task WaitUntilReadyAsync(DataPlaneFactory replica, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Bounded);
        var client = replica.CreateClient();
        while (true)
        {
            using var health = await client.GetAsync("/health", deadline.Token);
            if (health.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(50, deadline.Token);
        }

        var redis = replica.Services.GetRequiredService<IConnectionMultiplexer>();
        while (!redis.IsConnected)
        {
            await Task.Delay(50, deadline.Token);
        }

        var endPoint = Assert.IsType<IPEndPoint>(Assert.Single(redis.GetEndPoints()));
        Assert.Equal(Redis.Port, endPoint.Port);
        await redis.GetDatabase().PingAsync().WaitAsync(deadline.Token);

        using var warmUp = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(
                """{"model":"gpt-4o","messages":[{"role":"user","content":"warm up"}]}""", Encoding.UTF8, "application/json"),
        };
        warmUp.Headers.TryAddWithoutValidation("x-portkey-api-key", TestSnapshot.CompletionKey);
        warmUp.Headers.TryAddWithoutValidation("x-portkey-config", """
            {"cb_config":{"failure_threshold":2,"cooldown_interval":1000},"metadata":{"t":"warm-up"},"provider":"@secondary"}
            """);
        using var response = await client.SendAsync(warmUp, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await ReplicaA.DisposeAsync();
        await ReplicaB.DisposeAsync();
        await Primary.DisposeAsync();
        await Secondary.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
