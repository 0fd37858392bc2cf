namespace Contracts.Usage;

/// <summary>
/// One client request as the data plane saw it: retries and fallbacks are recorded inside it.
/// Never carries a secret (API key ids only, never keys).
/// </summary>
public sealed record UsageEvent
{
    /// <summary>Unique per event; LogIngestor de-duplicates on it.</summary>
    public required Guid EventId { get; init; }
    public required string TraceId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public Guid? WorkspaceId { get; init; }
    public Guid? ApiKeyId { get; init; }
    /// <summary>Provider slug, e.g. <c>openai-prod</c>; null when the request never reached a provider.</summary>
    public string? Provider { get; init; }
    /// <summary>Provider kind, e.g. <c>openai</c>, <c>mock</c>.</summary>
    public string? AiProvider { get; init; }
    public string? Model { get; init; }
    /// <summary>Request path, e.g. <c>/v1/chat/completions</c>.</summary>
    public required string Path { get; init; }
    public required int Status { get; init; }
    public string? ErrorType { get; init; }
    public bool Stream { get; init; }
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public int CachedTokens { get; init; }
    public decimal CostUsd { get; init; }
    public bool PriceKnown { get; init; }
    public int LatencyMs { get; init; }
    public int UpstreamLatencyMs { get; init; }
    /// <summary>Time to first token, for streams.</summary>
    public int? TtftMs { get; init; }
    public string CacheStatus { get; init; } = "DISABLED";
    public int RetryCount { get; init; }
    public string? LastUsedOptionIndex { get; init; }
    public string? ConfigId { get; init; }
    public int? ConfigVersion { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Every target tried, in order (retries and fallbacks), for a request routed by a config; empty without one (the event is its one try).</summary>
    public IReadOnlyList<UsageAttempt> Attempts { get; init; } = [];

    /// <summary>Every guardrail evaluated for the request, input and output.</summary>
    public IReadOnlyList<GuardrailVerdict> Guardrails { get; init; } = [];
    /// <summary>The request body as sent, only where body logging is on (key or workspace); truncated past the limit with a marker.</summary>
    public string? RequestBody { get; init; }
    /// <summary>The answer as the client got it (JSON, or the SSE text of a stream), only where body logging is on; truncated likewise.</summary>
    public string? ResponseBody { get; init; }
}
