namespace ControlPlane.Analytics;

internal sealed record RequestsPoint(DateTimeOffset Timestamp, long Requests);
