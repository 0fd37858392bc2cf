using Contracts.Snapshots;

namespace DataPlane.Governance.RateLimits;

/// <summary>A rate-limit decision; when limited, which subject's which limit, and when to retry (whole seconds, at least 1 s).</summary>
internal sealed record RateDecision(RateOutcome Outcome, LimitSubject? Subject, RateLimitEntry? Limit, TimeSpan RetryAfter)
{
    public static RateDecision Admitted { get; } = new(RateOutcome.Admitted, null, null, TimeSpan.Zero);

    public static RateDecision Unavailable { get; } = new(RateOutcome.Unavailable, null, null, TimeSpan.Zero);

    public static RateDecision Limited(LimitSubject subject, RateLimitEntry limit, long retryAfterMs) =>
        new(RateOutcome.Limited, subject, limit, TimeSpan.FromSeconds(Math.Max(1, (retryAfterMs + 999) / 1000)));
}
