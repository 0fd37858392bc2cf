namespace LogIngestor.Retention;

/// <summary>
/// Sweeps at start-up and then daily. Registered after the schema service, whose start-up waits for the
/// migrations, so the first sweep finds the tables. A failed sweep is logged and retried at the next tick.
/// </summary>
internal sealed class RetentionService(
    RetentionSweeper sweeper,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>After a failure, sooner than a day: the database may only have been away for a moment.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = Interval;
            try
            {
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.RetentionSweepFailed(RetryInterval, ex);
                next = RetryInterval;
            }

            try
            {
                await Task.Delay(next, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
