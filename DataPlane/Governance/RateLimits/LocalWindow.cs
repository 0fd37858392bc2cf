using System.Threading.RateLimiting;

namespace DataPlane.Governance.RateLimits;

/// <summary>An in-process sliding window for one limit, sized for this replica's share; replaced when value or share changes.</summary>
internal sealed class LocalWindow(long value, long permits, SlidingWindowRateLimiter limiter)
{
    public long Value { get; } = value;

    public long Permits { get; } = permits;

    public SlidingWindowRateLimiter Limiter { get; } = limiter;

    /// <summary>Permits left now; a window replaced meanwhile (disposed) reads as full.</summary>
    public long Available
    {
        get
        {
            try
            {
                return Limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;
            }
            catch (ObjectDisposedException)
            {
                return Permits;
            }
        }
    }
}
