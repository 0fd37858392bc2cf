namespace DataPlane.Caching;

/// <summary>The response cache's log lines (ids 5xx). Never a secret, a prompt or a key: slugs and reasons only.</summary>
internal static partial class CacheLog
{
    [LoggerMessage(501, LogLevel.Warning, "Redis unavailable for the response cache ({Reason}); requests pass through uncached until it returns")]
    public static partial void RedisUnavailable(ILogger logger, string reason);

    [LoggerMessage(502, LogLevel.Information, "Redis reachable again for the response cache")]
    public static partial void RedisRecovered(ILogger logger);

    [LoggerMessage(503, LogLevel.Debug, "Semantic cache: embedding model '{EmbeddingModel}' is not usable for this key; exact match only")]
    public static partial void EmbeddingModelUnusable(ILogger logger, string embeddingModel);

    [LoggerMessage(504, LogLevel.Debug, "Semantic cache: embedding with provider '{Slug}' failed ({Reason}); exact match only")]
    public static partial void EmbeddingFailed(ILogger logger, string slug, string reason);

    [LoggerMessage(505, LogLevel.Warning, "Storing a response cache entry failed: {Reason}")]
    public static partial void StoreFailed(ILogger logger, string reason);
}
