namespace DataPlane.Providers;

/// <summary>What one provider answer cost, for the usage event.</summary>
/// <param name="UpstreamLatencyMs">From sending the upstream request to the end of its answer.</param>
/// <param name="TtftMs">Streams: from the client's request to the first event written to it.</param>
internal readonly record struct UsageReport(int PromptTokens, int CompletionTokens, int CachedTokens, int UpstreamLatencyMs, int? TtftMs)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
