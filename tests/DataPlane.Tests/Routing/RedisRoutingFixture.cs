using StackExchange.Redis;
using TestKit.Redis;

namespace DataPlane.Tests.Routing;

/// <summary><see cref="RoutingFixture"/> with a real redis-server behind the data plane (cache, breakers).</summary>
public sealed class RedisRoutingFixture : RoutingFixture
{
    internal RedisServer Redis { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        await base.InitializeAsync();
    }

    /// <summary>Waits until the data plane's own Redis connection is up, so a first request is not a Redis-outage miss.</summary>
    public async Task WaitForRedisAsync()
    {
        var redis = (IConnectionMultiplexer)Factory.Services.GetService(typeof(IConnectionMultiplexer))!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!redis.IsConnected)
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings() =>
        [new("ConnectionStrings:redis", $"127.0.0.1:{Redis.Port},abortConnect=false")];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
