namespace ControlPlane.Snapshots;

/// <summary>Every few seconds: retry a failed publish, or restore a snapshot Redis lost.</summary>
internal sealed class SnapshotRepublisher(SnapshotPublisher publisher) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (publisher.IsDirty)
            {
                await publisher.PublishAsync(overwrite: false, stoppingToken);
            }
            else
            {
                await publisher.RepublishIfStaleAsync(stoppingToken);
            }
        }
    }
}
