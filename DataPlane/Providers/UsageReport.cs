namespace DataPlane.Providers;

/// <summary>What one provider answer cost, for the usage event.</summary>
internal readonly record struct UsageReport(int PromptTokens, int CompletionTokens, int CachedTokens, int UpstreamLatencyMs, int? TtftMs)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
