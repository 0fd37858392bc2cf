namespace DataPlane.Governance.RateLimits;

/// <summary>What a rate-limit decision came to.</summary>
internal enum RateOutcome
{
    Admitted,

    /// <summary>A limit is spent: answer 429 with <see cref="RateDecision.RetryAfter"/>.</summary>
    Limited,

    /// <summary>Redis could not be asked: the workspace's Redis failure policy decides (fail open → <see cref="LocalRateLimits"/>).</summary>
    Unavailable,
}
