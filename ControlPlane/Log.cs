namespace ControlPlane;

/// <summary>Every log line of the service. Never pass a key, a hash or a provider secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Catalog ready: migrations applied, default workspace and bootstrap key in place")]
    public static partial void CatalogReady(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "Catalog initialisation attempt {Attempt} failed; retrying")]
    public static partial void CatalogInitRetry(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Bootstrap admin key changed; revoked {Count} previous bootstrap key(s)")]
    public static partial void BootstrapKeyRotated(ILogger logger, int count);

    [LoggerMessage(4, LogLevel.Information, "Published snapshot version {Version} ({Workspaces} workspaces, {Providers} providers, {ApiKeys} keys)")]
    public static partial void SnapshotPublished(ILogger logger, long version, int workspaces, int providers, int apiKeys);

    [LoggerMessage(5, LogLevel.Error, "Publishing snapshot failed; the periodic re-publish will retry")]
    public static partial void SnapshotPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Redis held an older snapshot version ({RedisVersion}); re-published {Version}")]
    public static partial void SnapshotRepublished(ILogger logger, long? redisVersion, long version);

    [LoggerMessage(7, LogLevel.Error, "Writing an audit log entry failed for {Method} {Path}")]
    public static partial void AuditWriteFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Unhandled exception for {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Table request_logs does not exist yet in analyticsdb; returning no logs")]
    public static partial void RequestLogsMissing(ILogger logger);
}
