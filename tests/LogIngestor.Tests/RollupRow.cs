namespace LogIngestor.Tests;

/// <summary>One <c>request_rollups</c> row as the tests compare it (histogram as a string, for readable failures).</summary>
internal sealed record RollupRow(
    short Granularity,
    DateTime Bucket,
    Guid? WorkspaceId,
    Guid? ApiKeyId,
    string? Provider,
    string? Model,
    long Requests,
    long Errors,
    long CacheHits,
    long CacheLookups,
    long PromptTokens,
    long CompletionTokens,
    long CachedTokens,
    decimal CostUsd,
    long LatencyMsSum,
    string Histogram);
