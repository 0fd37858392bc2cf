using System.Threading.Channels;
using Contracts.Usage;
using DataPlane.Hosting;
using Microsoft.Extensions.Options;

namespace DataPlane.Usage;

/// <summary>
/// The bounded hand-off between requests and the publisher. Enqueueing never blocks or fails a
/// request: when the queue is full the event is dropped, counted and logged.
/// </summary>
internal sealed class UsageQueue
{
    private static readonly long LogInterval = TimeSpan.FromSeconds(10).Ticks;

    private readonly Channel<UsageEvent> _channel;
    private readonly UsageMetrics _metrics;
    private readonly ILogger<UsageQueue> _logger;
    private readonly TimeProvider _time;
    private long _dropped;
    private long _lastDropLog = long.MinValue;

    public UsageQueue(IOptions<GatewayOptions> options, UsageMetrics metrics, ILogger<UsageQueue> logger, TimeProvider time)
    {
        _channel = Channel.CreateBounded<UsageEvent>(new BoundedChannelOptions(options.Value.UsageQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: "full" is a false return, never a wait
            SingleReader = true,
        });
        _metrics = metrics;
        _logger = logger;
        _time = time;
    }

    public ChannelReader<UsageEvent> Reader => _channel.Reader;

    public long DroppedCount => Interlocked.Read(ref _dropped);

    public bool TryEnqueue(UsageEvent usage)
    {
        if (_channel.Writer.TryWrite(usage))
        {
            _metrics.Enqueued();
            return true;
        }

        _metrics.Dropped();
        var dropped = Interlocked.Increment(ref _dropped);
        var now = _time.GetUtcNow().Ticks;
        var last = Interlocked.Read(ref _lastDropLog);
        // At most one log line per interval however fast events are dropped.
        if (now - last >= LogInterval && Interlocked.CompareExchange(ref _lastDropLog, now, last) == last)
        {
            Log.UsageEventsDropped(_logger, dropped);
        }

        return false;
    }
}
