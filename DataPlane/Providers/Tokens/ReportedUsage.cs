namespace DataPlane.Providers.Tokens;

/// <summary>Token counts as an upstream reported them; null where it said nothing.</summary>
internal readonly record struct ReportedUsage(int? PromptTokens, int? CompletionTokens, int? CachedTokens)
{
    public bool IsEmpty => PromptTokens is null && CompletionTokens is null && CachedTokens is null;
}
