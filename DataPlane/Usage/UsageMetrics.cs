using System.Diagnostics.Metrics;

namespace DataPlane.Usage;

/// <summary>Meter <c>Gateway.DataPlane</c>: what happens to usage events, and how deep the disk journal is.</summary>
internal sealed class UsageMetrics
{
    public const string MeterName = "Gateway.DataPlane";

    private static readonly KeyValuePair<string, object?> QueueFull = new("reason", "queue_full");
    private static readonly KeyValuePair<string, object?> JournalFull = new("reason", "journal_full");

    private readonly Meter _meter;
    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _published;
    private readonly Counter<long> _journaled;
    private readonly Counter<long> _replayed;

    public UsageMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _enqueued = _meter.CreateCounter<long>("gateway.usage.events.enqueued", description: "Usage events accepted into the queue");
        _dropped = _meter.CreateCounter<long>("gateway.usage.events.dropped",
            description: "Usage events lost: the queue was full (reason=queue_full) or the journal could not take them (reason=journal_full)");
        _published = _meter.CreateCounter<long>("gateway.usage.events.published", description: "Usage events published to the broker");
        _journaled = _meter.CreateCounter<long>("gateway.usage.events.journaled", description: "Usage events written to the disk journal while the broker was away");
        _replayed = _meter.CreateCounter<long>("gateway.usage.events.replayed", description: "Usage events published from the disk journal");
    }

    public void Enqueued() => _enqueued.Add(1);

    public void Dropped() => _dropped.Add(1, QueueFull);

    public void JournalDropped(int count) => _dropped.Add(count, JournalFull);

    public void Published(int count) => _published.Add(count);

    public void Journaled(int count) => _journaled.Add(count);

    public void Replayed(int count) => _replayed.Add(count);

    /// <summary>The journal's depth as observable gauges, read when metrics are collected.</summary>
    public void ObserveJournal(UsageJournal journal)
    {
        _meter.CreateObservableGauge("gateway.usage.journal.records", () => journal.Records, unit: "{batch}", description: "Batches waiting in the disk journal");
        _meter.CreateObservableGauge("gateway.usage.journal.events", () => journal.Events, unit: "{event}", description: "Usage events waiting in the disk journal");
        _meter.CreateObservableGauge("gateway.usage.journal.bytes", () => journal.Bytes, unit: "By", description: "Bytes of the disk journal's files");
    }
}
