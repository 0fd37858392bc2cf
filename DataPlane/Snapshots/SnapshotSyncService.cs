using System.Threading.Channels;
using Contracts.Snapshots;
using StackExchange.Redis;

namespace DataPlane.Snapshots;

/// <summary>
/// Keeps <see cref="SnapshotStore"/> current: the disk copy first (serve even if Redis is away), then Redis,
/// woken by <see cref="SnapshotChannel.Changed"/> and polling the version every second for missed messages.
/// Redis is the source of truth: any version different from the one held is loaded and swapped in.
/// </summary>
internal sealed class SnapshotSyncService(
    IServiceProvider services,
    SnapshotStore store,
    SnapshotLoader loader,
    SnapshotDiskCache disk,
    ILogger<SnapshotSyncService> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // Pub/sub wake-ups; one pending signal is enough, the loop reads the latest version anyway.
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private bool _loadedFromRedis;
    private string? _rejectedVersion;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Never hold up host start-up: everything below may wait on disk or the network.
        await Task.Yield();
        await LoadFromDiskAsync(stoppingToken);

        IConnectionMultiplexer? redis = null;
        var subscribed = false;
        var inOutage = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                redis ??= services.GetRequiredService<IConnectionMultiplexer>();
                if (!subscribed)
                {
                    await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(SnapshotChannel.Changed), (_, _) => _wakeUps.Writer.TryWrite(true));
                    subscribed = true;
                }

                await SyncAsync(redis.GetDatabase(), stoppingToken);
                if (inOutage)
                {
                    inOutage = false;
                    Log.SnapshotRedisRecovered(logger);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep serving what we hold; say so once per outage, not once per second.
                if (!inOutage)
                {
                    inOutage = true;
                    Log.SnapshotRedisUnavailable(logger, ex.GetType().Name, ex.Message);
                }
            }

            await WaitForNextCheckAsync(stoppingToken);
        }
    }

    private async Task LoadFromDiskAsync(CancellationToken cancellationToken)
    {
        try
        {
            var json = await disk.ReadAsync(cancellationToken);
            if (json is not null && loader.Load(json, "disk") is { } snapshot && store.Current is null)
            {
                store.Swap(snapshot);
                Log.SnapshotLoaded(logger, snapshot.Version, "disk");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.SnapshotDiskFailed(logger, "read", disk.Path, ex.Message);
        }
    }

    private async Task SyncAsync(IDatabase database, CancellationToken cancellationToken)
    {
        var version = (string?)await database.StringGetAsync(SnapshotChannel.VersionKey);
        if (string.IsNullOrEmpty(version) || version == _rejectedVersion)
        {
            return;
        }

        // A disk copy from another run may carry the same number for other content, so Redis's first answer always wins.
        if (_loadedFromRedis && store.Current is { } held && long.TryParse(version, out var number) && number == held.Version)
        {
            return;
        }

        var json = (byte[]?)await database.StringGetAsync(SnapshotChannel.SnapshotKey);
        if (json is null)
        {
            return;
        }

        if (loader.Load(json, "redis") is not { } snapshot)
        {
            _rejectedVersion = version;
            return;
        }

        store.Swap(snapshot);
        _loadedFromRedis = true;
        _rejectedVersion = null;
        Log.SnapshotLoaded(logger, snapshot.Version, "redis");

        try
        {
            await disk.WriteAsync(json, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.SnapshotDiskFailed(logger, "write", disk.Path, ex.Message);
        }
    }

    private async Task WaitForNextCheckAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(PollInterval);
        try
        {
            await _wakeUps.Reader.WaitToReadAsync(timeout.Token);
            _wakeUps.Reader.TryRead(out _);
        }
        catch (OperationCanceledException)
        {
            // The poll interval passed (or the host is stopping; the loop checks).
        }
    }
}
