using Contracts.Usage;

namespace ControlPlane.AdminConsole.Pages.Logs;

/// <summary>The attempts a log's detail lists.</summary>
internal static class LogAttempts
{
    private static readonly string[] CacheHits = ["HIT", "SEMANTIC HIT"];

    /// <summary>
    /// The attempts the data plane recorded; or, for a request routed without a config (the data plane records none: the
    /// event itself is its one attempt), that one attempt from the event's own fields. None when the request never reached
    /// a provider (refused before routing) or was answered from the cache.
    /// </summary>
    public static IReadOnlyList<UsageAttempt> Of(IReadOnlyList<UsageAttempt> recorded, string? provider, string? model, int status,
        int upstreamLatencyMs, string? errorType, string cacheStatus)
    {
        if (recorded.Count > 0 || provider is null || Array.IndexOf(CacheHits, cacheStatus) >= 0)
        {
            return recorded;
        }

        return [new UsageAttempt(null, provider, model, status, upstreamLatencyMs, errorType)];
    }
}
