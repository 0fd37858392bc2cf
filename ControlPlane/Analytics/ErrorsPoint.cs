namespace ControlPlane.Analytics;

/// <summary>Errors are answers with status ≥ 400; the rate is errors ÷ requests (0 without requests).</summary>
internal sealed record ErrorsPoint(DateTimeOffset Timestamp, long Errors, long Requests, double ErrorRate);
