namespace DataPlane;

/// <summary>Every log line of the data plane. Never a secret: slugs and ids only.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Snapshot version {Version} loaded from {Source}")]
    public static partial void SnapshotLoaded(ILogger logger, long version, string source);

    [LoggerMessage(2, LogLevel.Warning, "Snapshot from {Source} rejected: {Reason}")]
    public static partial void SnapshotInvalid(ILogger logger, string source, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Secret of provider '{Slug}' cannot be decrypted with Gateway:SecretKey; the provider stays without a key")]
    public static partial void ProviderSecretUnreadable(ILogger logger, string slug);

    [LoggerMessage(4, LogLevel.Warning, "Redis unavailable for snapshots ({ErrorType}: {Reason}); serving the snapshot held and retrying quietly")]
    public static partial void SnapshotRedisUnavailable(ILogger logger, string errorType, string reason);

    [LoggerMessage(5, LogLevel.Information, "Redis reachable again for snapshots")]
    public static partial void SnapshotRedisRecovered(ILogger logger);

    [LoggerMessage(6, LogLevel.Warning, "Snapshot disk copy {Operation} failed at {Path}: {Reason}")]
    public static partial void SnapshotDiskFailed(ILogger logger, string operation, string path, string reason);

    [LoggerMessage(7, LogLevel.Error, "Unhandled exception on {Path}")]
    public static partial void UnhandledException(ILogger logger, string path, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Usage queue full: {Dropped} usage events dropped so far")]
    public static partial void UsageEventsDropped(ILogger logger, long dropped);

    [LoggerMessage(12, LogLevel.Warning, "Upstream of provider '{Slug}' failed with {Status}: {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, string slug, int status, string reason);
}
