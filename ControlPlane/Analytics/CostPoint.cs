namespace ControlPlane.Analytics;

/// <summary>Known cost in USD: requests whose price is unknown add nothing (they are flagged in the logs).</summary>
internal sealed record CostPoint(DateTimeOffset Timestamp, decimal CostUsd, long Requests);
