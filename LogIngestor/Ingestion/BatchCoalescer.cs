using System.Threading.Channels;
using Contracts.Usage;
using Microsoft.Extensions.Options;

namespace LogIngestor.Ingestion;

/// <summary>
/// Group commit: the messages being consumed at the same moment are written in one transaction (up to
/// <see cref="IngestionOptions.MaxEventsPerTransaction"/> events). Each transaction costs one upsert per rollup row it
/// touches; sharing it between messages is what keeps rollups cheap at tens of thousands of events per second.
/// Each consumer still waits for its own events to commit, so a message is acknowledged only once stored. When a
/// shared write fails, each of its messages is written again on its own: a message that cannot be stored fails alone
/// (retries, then the error queue), never its neighbours.
/// </summary>
internal sealed class BatchCoalescer : BackgroundService
{
    private readonly Channel<PendingBatch> _pending = Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Func<IReadOnlyList<UsageEvent?>, CancellationToken, Task> _write;
    private readonly IngestionOptions _options;

    public BatchCoalescer(RequestLogWriter writer, IOptions<IngestionOptions> options)
        : this((events, cancellationToken) => writer.WriteAsync(events, cancellationToken), options.Value)
    {
    }

    internal BatchCoalescer(Func<IReadOnlyList<UsageEvent?>, CancellationToken, Task> write, IngestionOptions options)
    {
        _write = write;
        _options = options;
    }

    /// <summary>Completes when the events are stored (or refused as invalid); throws what storing them threw.</summary>
    public async Task WriteAsync(IReadOnlyList<UsageEvent?> events, CancellationToken cancellationToken)
    {
        var pending = new PendingBatch(events);
        await _pending.Writer.WriteAsync(pending, cancellationToken);
        // Giving up here does not undo a write in progress; a redelivery then finds the events stored.
        await pending.Stored.Task.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.Writers).Select(_ => Task.Run(() => WriteLoopAsync(stoppingToken), stoppingToken)));

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        var group = new List<PendingBatch>();
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            group.Clear();
            var events = 0;
            while (events < _options.MaxEventsPerTransaction && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
                events += next.Events.Count;
            }

            try
            {
                await WriteGroupAsync(group, stoppingToken);
            }
            finally
            {
                // Stopping mid-write: release the consumers still waiting (their messages are redelivered).
                group.ForEach(batch => batch.Stored.TrySetCanceled(stoppingToken));
            }
        }
    }

    private async Task WriteGroupAsync(List<PendingBatch> group, CancellationToken cancellationToken)
    {
        if (group.Count > 1)
        {
            try
            {
                await _write([.. group.SelectMany(batch => batch.Events)], cancellationToken);
                group.ForEach(batch => batch.Stored.TrySetResult());
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Which message was at fault is unknown: each on its own below.
            }
        }

        foreach (var batch in group)
        {
            try
            {
                await _write(batch.Events, cancellationToken);
                batch.Stored.TrySetResult();
            }
            catch (Exception ex)
            {
                batch.Stored.TrySetException(ex);
            }
        }
    }
}
