namespace ControlPlane.Catalog;

internal static class TimeProviderExtensions
{
    /// <summary>
    /// Now, cut to PostgreSQL's microsecond precision, so a response right after a write shows the same
    /// timestamp as every later read (and keyset cursors match stored values).
    /// </summary>
    public static DateTimeOffset GetUtcNowForDb(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond));
    }
}
