using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TestKit.Redis;

/// <summary>A real, throw-away redis-server on a free loopback port.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port, ConnectionMultiplexer connection)
    {
        _process = process;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }
    public ConnectionMultiplexer Connection { get; }

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            // A free port may be taken by another test's server before ours binds it: then it exits, and we try another.
            var port = FreePort();
            var process = Process.Start(StartInfo(port))!;
            process.BeginOutputReadLine();
            while (!process.HasExited)
            {
                try
                {
                    var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=1000");
                    return new RedisServer(process, port, connection);
                }
                catch (RedisConnectionException)
                {
                    await Task.Delay(50, deadline.Token);
                }
            }

            process.Dispose();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static ProcessStartInfo StartInfo(int port)
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    public async Task StopServerAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await StopServerAsync();
        _process.Dispose();
    }
}
