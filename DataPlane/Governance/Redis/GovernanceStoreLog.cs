namespace DataPlane.Governance.Redis;

/// <summary>The governance stores' log lines: once per Redis outage and recovery, not once per request.</summary>
internal static partial class GovernanceStoreLog
{
    [LoggerMessage(1601, LogLevel.Warning, "Redis unavailable for governance ({ErrorType}: {Reason}); budgets and rate limits follow each workspace's Redis failure policy until it is back")]
    public static partial void RedisUnavailable(ILogger logger, string errorType, string reason);

    [LoggerMessage(1602, LogLevel.Information, "Redis reachable again for governance")]
    public static partial void RedisRecovered(ILogger logger);

    [LoggerMessage(1603, LogLevel.Warning, "Could not refresh this replica's governance membership; the last known replica count ({Count}) stays in use")]
    public static partial void ReplicaRefreshFailed(ILogger logger, int count);

    [LoggerMessage(1604, LogLevel.Information, "Governance replica count changed from {Previous} to {Count}")]
    public static partial void ReplicaCountChanged(ILogger logger, int previous, int count);

    [LoggerMessage(1605, LogLevel.Warning, "A governance update off the request path (settle, release, token count) was given up after {Seconds} s of Redis failures; expiry and reconciliation correct the counters")]
    public static partial void BackgroundCallAbandoned(ILogger logger, int seconds);
}
