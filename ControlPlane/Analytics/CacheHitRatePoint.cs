namespace ControlPlane.Analytics;

/// <summary>
/// Hits are <c>HIT</c> and <c>SEMANTIC HIT</c>; lookups are requests whose cache status is not <c>DISABLED</c>;
/// the rate is hits ÷ lookups (0 without lookups).
/// </summary>
internal sealed record CacheHitRatePoint(DateTimeOffset Timestamp, long CacheHits, long CacheLookups, double HitRate);
