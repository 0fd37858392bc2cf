using System.Text.Json;

namespace ControlPlane.Logs;

/// <summary>One request as <c>/v1/logs</c> shows it.</summary>
internal sealed record LogItem(
    Guid Id,
    string TraceId,
    DateTimeOffset CreatedAt,
    Guid? WorkspaceId,
    Guid? ApiKeyId,
    string? Provider,
    string? AiProvider,
    string? Model,
    string Path,
    int Status,
    string? ErrorType,
    bool Stream,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    int TotalTokens,
    decimal CostUsd,
    bool PriceKnown,
    int LatencyMs,
    int UpstreamLatencyMs,
    int? TtftMs,
    string CacheStatus,
    int RetryCount,
    string? LastUsedOptionIndex,
    string? ConfigId,
    int? ConfigVersion,
    JsonElement Metadata);
