using StackExchange.Redis;

namespace TestKit.Redis;

/// <summary>One real redis-server and two separate connections to it: two data-plane replicas.</summary>
public sealed class RedisReplicasFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _second;

    public RedisServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public ConnectionMultiplexer ReplicaA => Server.Connection;

    public ConnectionMultiplexer ReplicaB => _second ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        _server = await RedisServer.StartAsync(CancellationToken.None);
        _second = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_server.Port}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
