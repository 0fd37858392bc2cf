using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace DataPlane.Governance.RateLimits;

/// <summary>
/// Fail-open rate limits while Redis is away: each replica enforces its share, max(1, value / replicas), of every limit with an
/// in-process sliding window (60 segments per window, like the Redis one). Best effort: the share drifts when replicas come and go,
/// and several limits are not acquired atomically. A window is replaced when its limit's value or this replica's share changes.
/// </summary>
internal sealed class LocalRateLimits(ReplicaRegistry replicas) : IDisposable
{
    private readonly ConcurrentDictionary<string, LocalWindow> _windows = new(StringComparer.Ordinal);

    /// <summary>Admits the request on every limit (requests limits take one permit; tokens limits need any permit left).</summary>
    public RateDecision Acquire(IReadOnlyList<LimitSubject> subjects)
    {
        var targets = RateLimitTarget.Collect(subjects);
        if (targets.Count == 0)
        {
            return RateDecision.Admitted;
        }

        var windows = new LocalWindow[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            windows[i] = WindowOf(targets[i]);
            if (windows[i].Available < 1)
            {
                return Limited(targets[i]);
            }
        }

        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].CountsRequests)
            {
                if (!TryTake(windows[i], 1))
                {
                    return Limited(targets[i]); // Lost a race for the last permit.
                }
            }
        }

        return RateDecision.Admitted;
    }

    /// <summary>Takes a response's tokens from every tokens limit's window (what is left of it when the tokens exceed it).</summary>
    public void RecordTokens(IReadOnlyList<LimitSubject> subjects, long tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        foreach (var target in RateLimitTarget.Collect(subjects, tokensOnly: true))
        {
            var window = WindowOf(target);
            var take = (int)Math.Min(Math.Min(tokens, window.Available), int.MaxValue);
            if (take > 0)
            {
                TryTake(window, take);
            }
        }
    }

    public void Dispose()
    {
        foreach (var window in _windows.Values)
        {
            window.Limiter.Dispose();
        }

        _windows.Clear();
    }

    private LocalWindow WindowOf(RateLimitTarget target)
    {
        var permits = Math.Max(1, target.Limit.Value / Math.Max(1, replicas.Count));
        while (true)
        {
            if (_windows.TryGetValue(target.Key, out var window) && window.Value == target.Limit.Value && window.Permits == permits)
            {
                return window;
            }

            var created = new LocalWindow(target.Limit.Value, permits, new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = (int)Math.Min(permits, int.MaxValue),
                Window = TimeSpan.FromMilliseconds(target.WindowMs),
                SegmentsPerWindow = RateLimitTarget.BucketsPerWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            if (window is null ? _windows.TryAdd(target.Key, created) : _windows.TryUpdate(target.Key, created, window))
            {
                // A request still holding the old window sees it disposed and is admitted (best effort, see Acquire).
                window?.Limiter.Dispose();
                return created;
            }

            created.Limiter.Dispose(); // Another request replaced it first: use theirs.
        }
    }

    // A window replaced (and disposed) meanwhile admits: its limit just changed, and this is the fail-open path.
    private static bool TryTake(LocalWindow window, int permits)
    {
        try
        {
            using var lease = window.Limiter.AttemptAcquire(permits);
            return lease.IsAcquired;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private static RateDecision Limited(RateLimitTarget target) =>
        RateDecision.Limited(target.Subject, target.Limit, target.BucketMs);
}
