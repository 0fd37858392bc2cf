namespace LogIngestor;

/// <summary>Every log line LogIngestor writes.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Analytics schema is up to date ({Applied} migration(s) applied)")]
    public static partial void SchemaReady(this ILogger logger, int applied);

    [LoggerMessage(2, LogLevel.Warning, "Applying the analytics schema failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void SchemaMigrationFailed(this ILogger logger, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "Wrote {Written} request log(s), skipped {Duplicates} duplicate(s), rejected {Rejected} invalid event(s)")]
    public static partial void BatchWritten(this ILogger logger, int written, int duplicates, int rejected);

    [LoggerMessage(4, LogLevel.Warning, "Rejected usage event {EventId} (trace {TraceId}): {Reason}")]
    public static partial void EventRejected(this ILogger logger, Guid? eventId, string? traceId, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Ensured request_logs partitions for {Days}")]
    public static partial void PartitionsEnsured(this ILogger logger, string days);

    [LoggerMessage(6, LogLevel.Information, "Retention: dropped {Partitions} request_logs partition(s), deleted {Minutes} minute, {Hours} hour and {Days} day rollup row(s)")]
    public static partial void RetentionSwept(this ILogger logger, int partitions, long minutes, long hours, long days);

    [LoggerMessage(7, LogLevel.Warning, "Retention: {Partition} is busy (lock timeout); it will be dropped at the next sweep")]
    public static partial void PartitionDropDeferred(this ILogger logger, string partition);

    [LoggerMessage(8, LogLevel.Warning, "Retention sweep failed; retrying in {Delay}")]
    public static partial void RetentionSweepFailed(this ILogger logger, TimeSpan delay, Exception exception);
}
