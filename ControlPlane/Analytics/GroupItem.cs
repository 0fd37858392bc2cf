namespace ControlPlane.Analytics;

/// <summary>
/// One group's totals. <c>group</c> is the model, provider slug, API key id, workspace id or metadata value
/// (null: requests without one, e.g. never routed to a provider).
/// </summary>
internal sealed record GroupItem(
    string? Group,
    long Requests,
    long Errors,
    long PromptTokens,
    long CompletionTokens,
    long CachedTokens,
    long TotalTokens,
    decimal CostUsd,
    double P50LatencyMs);
