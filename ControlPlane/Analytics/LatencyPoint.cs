namespace ControlPlane.Analytics;

/// <summary>Total request latency in milliseconds; all zeros for a bucket without requests.</summary>
internal sealed record LatencyPoint(DateTimeOffset Timestamp, double P50Ms, double P95Ms, double P99Ms, double AvgMs, long Requests);
