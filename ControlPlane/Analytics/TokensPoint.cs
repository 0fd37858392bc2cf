namespace ControlPlane.Analytics;

/// <summary>Prompt tokens include the cached ones; total = prompt + completion.</summary>
internal sealed record TokensPoint(DateTimeOffset Timestamp, long PromptTokens, long CompletionTokens, long CachedTokens, long TotalTokens);
