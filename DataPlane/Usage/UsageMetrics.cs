using System.Diagnostics.Metrics;

namespace DataPlane.Usage;

/// <summary>Meter <c>Gateway.DataPlane</c>: what happens to usage events.</summary>
internal sealed class UsageMetrics
{
    public const string MeterName = "Gateway.DataPlane";

    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _published;

    public UsageMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _enqueued = meter.CreateCounter<long>("gateway.usage.events.enqueued", description: "Usage events accepted into the queue");
        _dropped = meter.CreateCounter<long>("gateway.usage.events.dropped", description: "Usage events dropped because the queue was full");
        _published = meter.CreateCounter<long>("gateway.usage.events.published", description: "Usage events published to the broker");
    }

    public void Enqueued() => _enqueued.Add(1);

    public void Dropped() => _dropped.Add(1);

    public void Published(int count) => _published.Add(count);
}
