using Contracts.Usage;
using DataPlane.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace DataPlane.Usage;

/// <summary>
/// Drains <see cref="UsageQueue"/> in batches (up to <c>UsageBatchSize</c> events or <c>UsageBatchDelayMs</c>)
/// and publishes each as one <see cref="UsageEventBatch"/>. A failed batch is retried with backoff and
/// never dropped; while it waits it takes in newly queued events up to the batch size.
/// </summary>
internal sealed class UsagePublisher(
    UsageQueue queue,
    IServiceScopeFactory scopes,
    IOptions<GatewayOptions> options,
    ILogger<UsagePublisher> logger,
    UsageMetrics metrics) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ShutdownFlushTimeout = TimeSpan.FromSeconds(2);

    private readonly List<UsageEvent> _batch = new(options.Value.UsageBatchSize);
    private readonly Lock _gate = new();

    /// <summary>Events taken from the queue but not yet confirmed published (the batch in hand).</summary>
    public IReadOnlyList<UsageEvent> Unpublished
    {
        get
        {
            lock (_gate)
            {
                return [.. _batch];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var batchSize = options.Value.UsageBatchSize;
        var batchDelay = TimeSpan.FromMilliseconds(options.Value.UsageBatchDelayMs);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await FillBatchAsync(batchSize, batchDelay, stoppingToken);
                await PublishWithRetryAsync(batchSize, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAtShutdownAsync(batchSize);
        }
    }

    private async Task FillBatchAsync(int batchSize, TimeSpan batchDelay, CancellationToken cancellationToken)
    {
        TakeAvailable(batchSize);
        if (Count() >= batchSize)
        {
            return;
        }

        // Give a burst up to the batch delay to fill the batch: fewer, larger broker messages.
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(batchDelay);
        try
        {
            while (Count() < batchSize && await queue.Reader.WaitToReadAsync(window.Token))
            {
                TakeAvailable(batchSize);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The window closed: publish what we have.
        }
    }

    private async Task PublishWithRetryAsync(int batchSize, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.Value.UsagePublishTimeoutMs);
        for (var attempt = 1; ; attempt++)
        {
            var events = Unpublished;
            try
            {
                await PublishAsync(events, timeout, cancellationToken);
                Completed(events.Count);
                if (attempt > 1)
                {
                    Log.UsagePublishRecovered(logger, events.Count, attempt);
                }

                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempt - 1, 10))));
                Log.UsagePublishFailed(logger, events.Count, attempt, (int)delay.TotalMilliseconds, ex);
                await Task.Delay(delay, cancellationToken);
                TakeAvailable(batchSize);
            }
        }
    }

    private async Task FlushAtShutdownAsync(int batchSize)
    {
        TakeAvailable(int.MaxValue);
        var events = Unpublished;
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            // Bounded: the broker may be the reason we are here. The disk journal (a later issue) removes this loss.
            for (var start = 0; start < events.Count; start += batchSize)
            {
                var chunk = events.Skip(start).Take(batchSize).ToList();
                await PublishAsync(chunk, ShutdownFlushTimeout, CancellationToken.None);
                Completed(chunk.Count);
            }
        }
        catch (Exception)
        {
            Log.UsageEventsLostAtShutdown(logger, Count());
        }
    }

    private async Task PublishAsync(IReadOnlyList<UsageEvent> events, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        await using var scope = scopes.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        await publisher.Publish(new UsageEventBatch(events), attempt.Token);
        metrics.Published(events.Count);
    }

    private void TakeAvailable(int batchSize)
    {
        lock (_gate)
        {
            while (_batch.Count < batchSize && queue.Reader.TryRead(out var usage))
            {
                _batch.Add(usage);
            }
        }
    }

    private int Count()
    {
        lock (_gate)
        {
            return _batch.Count;
        }
    }

    private void Completed(int count)
    {
        lock (_gate)
        {
            _batch.RemoveRange(0, count);
        }
    }
}
