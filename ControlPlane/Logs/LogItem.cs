using System.Text.Json;

namespace ControlPlane.Logs;

/// <summary>One request as <c>/v1/logs</c> shows it: the whole usage event, every attempt included.</summary>
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
    JsonElement Metadata,
    /// <summary>Every target tried (retries and fallbacks), in order: option_index, provider, model, status, latency_ms, error_type.</summary>
    JsonElement Attempts,
    /// <summary>
    /// Every guardrail evaluated (input and output), as the data plane recorded it: hook, guardrail, verdict, action,
    /// latency_ms, checks [{check, verdict, explanation, latency_ms, transformed}].
    /// </summary>
    JsonElement Guardrails,
    /// <summary>The request as sent, where body logging is on for the key or workspace (cut with a marker past the limit); else null.</summary>
    string? RequestBody,
    /// <summary>The answer as the client got it (JSON, or a stream's SSE text), where body logging is on; else null.</summary>
    string? ResponseBody);
