namespace ControlPlane.Analytics;

/// <summary>The width of a graph's time buckets.</summary>
internal enum Granularity
{
    Minute,
    Hour,
    Day,
}
