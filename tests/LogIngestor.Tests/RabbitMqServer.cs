using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LogIngestor.Tests;

/// <summary>
/// A throwaway RabbitMQ node (Debian's rabbitmq-server, as the AppHost's local mode runs it): its own epmd, ports and
/// data directory under /tmp, gone when disposed. Started on first use by the tests that need a broker.
/// </summary>
public sealed class RabbitMqServer : IAsyncLifetime
{
    private const string ServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _dir = Path.Combine("/tmp", "rabbit-test-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _epmd;
    private Process? _server;

    public Uri Uri { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ServerPath))
        {
            throw new InvalidOperationException($"{ServerPath} is missing: scripts/install-local-servers.sh installs it.");
        }

        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(Path.Combine(_dir, "enabled_plugins"), "[].");
        await File.WriteAllTextAsync(Path.Combine(_dir, "rabbitmq.conf"), "log.console = true\nlog.file = false\n");
        var amqp = FreePort();
        var dist = FreePort();
        var epmdPort = FreePort();
        _epmd = Start("epmd", ["-port", epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-address", "127.0.0.1"], new());
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = _dir,
            ["RABBITMQ_NODENAME"] = $"rabbit-test-{Environment.ProcessId}-{amqp}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = dist.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_dir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_dir, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_dir, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_dir, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_dir, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_dir, "rabbitmq-env.conf"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
        };
        _server = Start(ServerPath, [], environment);
        Uri = new Uri($"amqp://guest:guest@127.0.0.1:{amqp}");

        var clock = Stopwatch.StartNew();
        while (!await AcceptsAsync(amqp))
        {
            if (_server.HasExited || clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException("RabbitMQ did not start; its logs are in " + _dir);
            }

            await Task.Delay(200);
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _server, _epmd })
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process?.Dispose();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }

        return ValueTask.CompletedTask;
    }

    private static Process Start(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        // Drained, so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
