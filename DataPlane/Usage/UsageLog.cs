namespace DataPlane.Usage;

/// <summary>The usage path's log lines (journal and publisher). Event ids 1401–1499.</summary>
internal static partial class UsageLog
{
    [LoggerMessage(1401, LogLevel.Warning, "Broker unreachable: {Count} usage events go to the disk journal until it answers")]
    public static partial void OutageStarted(ILogger logger, int count, Exception exception);

    [LoggerMessage(1402, LogLevel.Warning, "Broker still unreachable (attempt {Attempt}); journal holds {Records} batches ({Bytes} bytes); next try in {DelayMs} ms")]
    public static partial void ReplayFailed(ILogger logger, int attempt, long records, long bytes, int delayMs, Exception exception);

    [LoggerMessage(1403, LogLevel.Information, "Usage journal replayed: {Events} events published after the outage")]
    public static partial void ReplayCompleted(ILogger logger, long events);

    [LoggerMessage(1404, LogLevel.Error, "Usage journal full or unwritable: {Dropped} usage events dropped so far ({Reason})")]
    public static partial void JournalDropped(ILogger logger, long dropped, string reason);

    [LoggerMessage(1405, LogLevel.Information, "Usage journal at {Path} holds {Records} batches ({Events} events, {Bytes} bytes) to replay")]
    public static partial void JournalOpened(ILogger logger, string path, long records, long events, long bytes);

    [LoggerMessage(1406, LogLevel.Warning, "Usage journal segment {Segment} is damaged at byte {Offset} ({Reason}); the rest of it is skipped")]
    public static partial void JournalDamaged(ILogger logger, long segment, long offset, string reason);

    [LoggerMessage(1407, LogLevel.Error, "Usage journal at {Path} is unusable ({Reason}); events the broker cannot take now are dropped and counted")]
    public static partial void JournalUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(1408, LogLevel.Information, "Shutdown: {Count} usage events written to the journal for the next start")]
    public static partial void JournaledAtShutdown(ILogger logger, int count);
}
