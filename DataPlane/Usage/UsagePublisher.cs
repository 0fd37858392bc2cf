using Contracts.Usage;
using DataPlane.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace DataPlane.Usage;

/// <summary>
/// Drains <see cref="UsageQueue"/> in batches (up to <c>UsageBatchSize</c> events or <c>UsageBatchDelayMs</c>) and publishes
/// each as one <see cref="UsageEventBatch"/> with publisher confirms.
/// <para>
/// When a publish fails or times out, the batch goes to the <see cref="UsageJournal"/> on disk, and so does every batch after
/// it until the journal is empty again: the journal's oldest record is retried with backoff, and once the broker confirms it,
/// the journal is replayed record by record, in order, each record released only after its confirm. New events keep
/// arriving behind it, so nothing is reordered. Memory holds at most the batch in hand and the record being replayed.
/// At shutdown what is in memory goes to the journal (no broker wait); the next start replays it.
/// </para>
/// </summary>
internal sealed class UsagePublisher(
    UsageQueue queue,
    UsageJournal journal,
    IServiceScopeFactory scopes,
    IOptions<GatewayOptions> options,
    ILogger<UsagePublisher> logger,
    UsageMetrics metrics,
    TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DiskErrorPause = TimeSpan.FromSeconds(1);
    private static readonly long DropLogInterval = TimeSpan.FromSeconds(10).Ticks;

    private readonly List<UsageEvent> _batch = new(options.Value.UsageBatchSize);
    private readonly Lock _gate = new();
    private int _attempt;
    private DateTimeOffset _retryAt;
    private long _replayed;
    private long _dropped;
    private long _lastDropLog = long.MinValue;

    /// <summary>
    /// Events not yet confirmed published: those waiting in the journal (read from disk) and the batch in hand, oldest first.
    /// For diagnostics and tests.
    /// </summary>
    public IReadOnlyList<UsageEvent> Unpublished
    {
        get
        {
            // The batch in hand first: a spill appends to the journal before it empties the batch, so nothing slips between.
            var inHand = InHand();
            return journal.ReadAll().Concat(inHand).DistinctBy(e => e.EventId).ToList();
        }
    }

    /// <summary>Events the journal could not take (full or unwritable) since start.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        metrics.ObserveJournal(journal);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (journal.IsEmpty)
                    {
                        await PublishNextBatchAsync(stoppingToken);
                    }
                    else
                    {
                        await ReplayStepAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The journal's disk failed under us (a file removed, a read error): keep going, it reopens what it can.
                    UsageLog.JournalUnavailable(logger, journal.Directory, ex.Message);
                    await Task.Delay(DiskErrorPause, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        JournalAtShutdown();
    }

    /// <summary>The broker answered last time: publish the next batch directly; if it fails, it starts the journal.</summary>
    private async Task PublishNextBatchAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.Value.UsageBatchSize;
        if (Count() == 0)
        {
            await queue.Reader.WaitToReadAsync(cancellationToken);
        }

        await FillBatchAsync(batchSize, cancellationToken);
        var events = InHand();
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            await PublishAsync(events, cancellationToken);
            Completed(events.Count);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            UsageLog.OutageStarted(logger, events.Count, ex);
            Spill();
            _attempt = 0;
            _replayed = 0;
            _retryAt = time.GetUtcNow() + Backoff(0);
        }
    }

    /// <summary>The journal holds batches: retry its oldest when due; until then, new batches go behind it.</summary>
    private async Task ReplayStepAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.Value.UsageBatchSize;
        var now = time.GetUtcNow();
        if (now >= _retryAt)
        {
            if (journal.Peek() is not { } record)
            {
                return;
            }

            try
            {
                if (record.Events.Count > 0)
                {
                    await PublishAsync(record.Events, cancellationToken);
                }

                journal.Advance(record);
                metrics.Replayed(record.Events.Count);
                _replayed += record.Events.Count;
                _attempt = 0;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = Backoff(++_attempt);
                _retryAt = now + delay;
                UsageLog.ReplayFailed(logger, _attempt, journal.Records, journal.Bytes, (int)delay.TotalMilliseconds, ex);
                return;
            }

            // Keep the queue from filling while the journal drains: a full batch goes behind the journal.
            TakeAvailable(batchSize);
            if (Count() >= batchSize)
            {
                Spill();
            }

            if (journal.IsEmpty)
            {
                UsageLog.ReplayCompleted(logger, _replayed);
            }

            return;
        }

        if (Count() == 0)
        {
            using var untilRetry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            untilRetry.CancelAfter(_retryAt - now);
            try
            {
                await queue.Reader.WaitToReadAsync(untilRetry.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return; // time to retry the broker
            }
        }

        await FillBatchAsync(batchSize, cancellationToken);
        Spill();
    }

    private async Task FillBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        TakeAvailable(batchSize);
        if (Count() >= batchSize)
        {
            return;
        }

        // Give a burst up to the batch delay to fill the batch: fewer, larger broker messages (and journal records).
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(options.Value.UsageBatchDelayMs);
        try
        {
            while (Count() < batchSize && await queue.Reader.WaitToReadAsync(window.Token))
            {
                TakeAvailable(batchSize);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The window closed: go with what we have.
        }
    }

    /// <summary>Moves the batch in hand to the journal; what it cannot take is dropped, counted and logged.</summary>
    private void Spill()
    {
        var events = InHand();
        if (events.Count == 0)
        {
            return;
        }

        if (journal.TryAppend(events, out var reason))
        {
            metrics.Journaled(events.Count);
        }
        else
        {
            Dropped(events.Count, reason ?? "journal unavailable");
        }

        Completed(events.Count);
    }

    /// <summary>Stopping: no broker wait, everything still in memory goes to the journal, batch by batch.</summary>
    private void JournalAtShutdown()
    {
        var batchSize = options.Value.UsageBatchSize;
        var total = 0;
        while (true)
        {
            TakeAvailable(batchSize);
            var count = Count();
            if (count == 0)
            {
                break;
            }

            Spill();
            total += count;
        }

        if (total > 0)
        {
            UsageLog.JournaledAtShutdown(logger, total);
        }
    }

    private async Task PublishAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.Value.UsagePublishTimeoutMs);
        await using var scope = scopes.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        await publisher.Publish(new UsageEventBatch(events), attempt.Token);
        metrics.Published(events.Count);
    }

    private void Dropped(int count, string reason)
    {
        metrics.JournalDropped(count);
        var dropped = Interlocked.Add(ref _dropped, count);
        var now = time.GetUtcNow().Ticks;
        // At most one log line per interval however many batches are refused.
        if (now - _lastDropLog >= DropLogInterval)
        {
            _lastDropLog = now;
            UsageLog.JournalDropped(logger, dropped, reason);
        }
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempt, 10))));

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

    private List<UsageEvent> InHand()
    {
        lock (_gate)
        {
            return [.. _batch];
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
