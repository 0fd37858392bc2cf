using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TestKit.RabbitMq;

/// <summary>
/// A real rabbitmq-server (Debian's) on a free loopback port, run as <c>AppHost/Infrastructure/LocalInfrastructure.cs</c>
/// runs it: its own epmd, node name, ports and data directory. It can be stopped and started again on the same port
/// with the same data (durable queues survive), which is what outage tests need.
/// As a fixture (<c>IClassFixture</c>) it starts nothing by itself: call <see cref="StartAsync"/> when the test wants the broker.
/// </summary>
public sealed class RabbitMqServer : IAsyncLifetime
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string Epmd = "/usr/bin/epmd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("rabbitmq-test-").FullName;
    private readonly int _distributionPort = FreePort();
    private readonly int _epmdPort = FreePort();
    private readonly string _node = $"rabbit-test-{Environment.ProcessId}-{Guid.NewGuid():N}@localhost";
    private Process? _epmd;
    private Process? _server;

    public int Port { get; } = FreePort();

    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}");

    public static bool Installed => File.Exists(Server) && File.Exists(Epmd);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_server is { HasExited: false })
        {
            return;
        }

        File.WriteAllText(Path.Combine(_directory, "enabled_plugins"), "[].");
        File.WriteAllText(Path.Combine(_directory, "rabbitmq.conf"), "log.console = true\nlog.file = false\n");
        if (_epmd is null || _epmd.HasExited)
        {
            _epmd = Start(Epmd, ["-port", _epmdPort.ToString(), "-address", "127.0.0.1"], new Dictionary<string, string>());
        }

        _server = Start(Server, [], new Dictionary<string, string>
        {
            ["HOME"] = _directory,
            ["RABBITMQ_NODENAME"] = _node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(),
            ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_directory, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_directory, "rabbitmq-env.conf"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
        });

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        while (true)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited with {_server.ExitCode} while starting");
            }

            // RabbitMQ opens its AMQP listener last, once the node has booted.
            if (Accepts(Port))
            {
                return;
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    public async Task StopAsync()
    {
        if (_server is { HasExited: false } server)
        {
            // SIGTERM: the server script stops the node cleanly, so what was declared durable is on disk for the next start.
            using (var term = Process.Start("kill", ["-TERM", server.Id.ToString()]))
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await server.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }

        // Until the port refuses, the broker may still take messages.
        while (Accepts(Port))
        {
            await Task.Delay(100);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_epmd is { HasExited: false } epmd)
        {
            epmd.Kill(entireProcessTree: true);
            await epmd.WaitForExitAsync();
        }

        _server?.Dispose();
        _epmd?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Process Start(string program, string[] arguments, IReadOnlyDictionary<string, string> environment)
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
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
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
