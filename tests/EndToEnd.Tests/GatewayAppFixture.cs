using System.Net.Sockets;
using Aspire.Hosting;

[assembly: AssemblyFixture(typeof(EndToEnd.Tests.GatewayAppFixture))]

namespace EndToEnd.Tests;

/// <summary>
/// One started app for every end-to-end test: starting it costs ~15 s and stopping it as much again.
/// It listens on free ports of its own, so it runs beside a dev instance on 8787/8788.
/// </summary>
public class GatewayAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("portkey-e2e-").FullName;
    private DistributedApplication? _app;

    public string AdminApiKey { get; } = "pk-e2e-admin-" + Guid.NewGuid().ToString("N");

    public HttpClient ControlPlane { get; private set; } = null!;

    public HttpClient DataPlane { get; private set; } = null!;

    /// <summary>The running app, to stop and start its resources (outage tests).</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async ValueTask InitializeAsync()
    {
        int dataPlanePort = FreePort(), controlPlanePort = FreePort();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                $"GATEWAY_ADMIN_API_KEY={AdminApiKey}",
                $"GATEWAY_DATAPLANE_PORT={dataPlanePort}",
                $"GATEWAY_CONTROLPLANE_PORT={controlPlanePort}",
                $"GATEWAY_STATE_DIR={_stateDirectory}",
            ],
            timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        foreach (var service in new[] { "log-ingestor", "control-plane", "data-plane" })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        ControlPlane = new HttpClient { BaseAddress = new Uri($"http://localhost:{controlPlanePort}"), Timeout = TimeSpan.FromSeconds(30) };
        DataPlane = new HttpClient { BaseAddress = new Uri($"http://localhost:{dataPlanePort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        ControlPlane?.Dispose();
        DataPlane?.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        Directory.Delete(_stateDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
