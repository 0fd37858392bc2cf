namespace LogIngestor.Rollups;

/// <summary>The fields of one stored request log that the rollups use, as stored (text already cleaned).</summary>
internal readonly record struct RollupSource(
    DateTime CreatedAtUtc,
    Guid? WorkspaceId,
    Guid? ApiKeyId,
    string? Provider,
    string? Model,
    int Status,
    string CacheStatus,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    decimal CostUsd,
    int LatencyMs);
