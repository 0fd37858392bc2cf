using Contracts.Snapshots;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataPlane.Tests;

/// <summary>
/// The real service, started from a snapshot on disk with Redis and RabbitMQ on closed loopback ports:
/// it must serve through both outages.
/// </summary>
public sealed class DataPlaneFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public DataPlaneFactory()
        : this(TestSnapshot.Build(), new Dictionary<string, string>())
    {
    }

    /// <param name="settings">Extra configuration, e.g. short upstream timeouts.</param>
    internal DataPlaneFactory(GatewaySnapshot snapshot, IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
        File.WriteAllBytes(SnapshotPath, TestSnapshot.ToJson(snapshot));
    }

    public string SnapshotPath { get; } = Path.Combine(Path.GetTempPath(), "dataplane-tests", Guid.NewGuid().ToString("N"), "snapshot.json");

    public const long MaxBodyBytes = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Gateway:SecretKey", TestSnapshot.SecretKey);
        builder.UseSetting("Gateway:SnapshotCachePath", SnapshotPath);
        builder.UseSetting("Gateway:MaxRequestBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Gateway:UsagePublishTimeoutMs", "300");
        // Port 1 on loopback: nothing listens, connections are refused at once.
        builder.UseSetting("ConnectionStrings:redis", "127.0.0.1:1,connectTimeout=500");
        builder.UseSetting("ConnectionStrings:rabbitmq", "amqp://guest:guest@127.0.0.1:1");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(SnapshotPath)!, recursive: true);
    }
}
