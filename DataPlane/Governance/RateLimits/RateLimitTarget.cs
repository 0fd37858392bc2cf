using Contracts.Snapshots;

namespace DataPlane.Governance.RateLimits;

/// <summary>
/// One rate limit of one subject with its Redis key <c>{gov}:rate:{scope}:{id}:{type}:{unit}</c>. A window is 60 sub-buckets
/// (<see cref="BucketMs"/>): 1 s for rpm, 60 s for rph, 1440 s for rpd.
/// </summary>
internal sealed record RateLimitTarget(LimitSubject Subject, RateLimitEntry Limit, string Key, long BucketMs)
{
    public const int BucketsPerWindow = 60;

    public bool CountsRequests => Limit.Type != "tokens";

    public long WindowMs => BucketsPerWindow * BucketMs;

    /// <summary>
    /// The subjects' limits (only <c>tokens</c> ones with <paramref name="tokensOnly"/>), one per key: two entries of the same
    /// type and unit share a window, the lower value wins.
    /// </summary>
    public static List<RateLimitTarget> Collect(IReadOnlyList<LimitSubject> subjects, bool tokensOnly = false)
    {
        var targets = new List<RateLimitTarget>();
        foreach (var subject in subjects)
        {
            foreach (var limit in subject.RateLimits)
            {
                if (tokensOnly && limit.Type != "tokens")
                {
                    continue;
                }

                var key = $"{{gov}}:rate:{subject.Scope}:{subject.Id:D}:{limit.Type}:{limit.Unit}";
                var existing = targets.FindIndex(t => t.Key == key);
                if (existing < 0)
                {
                    targets.Add(new RateLimitTarget(subject, limit, key, BucketMsOf(limit.Unit)));
                }
                else if (limit.Value < targets[existing].Limit.Value)
                {
                    targets[existing] = targets[existing] with { Limit = limit };
                }
            }
        }

        return targets;
    }

    /// <summary>A sub-bucket's length: a 60th of the unit's window.</summary>
    public static long BucketMsOf(string unit) => unit switch
    {
        "rph" => 60_000,
        "rpd" => 1_440_000,
        _ => 1_000,
    };
}
