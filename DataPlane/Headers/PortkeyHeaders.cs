namespace DataPlane.Headers;

/// <summary>Portkey's header names (CONTRACT.md §2).</summary>
internal static class PortkeyHeaders
{
    public const string ApiKey = "x-portkey-api-key";
    public const string Provider = "x-portkey-provider";
    public const string Metadata = "x-portkey-metadata";
    public const string TraceId = "x-portkey-trace-id";
    public const string Config = "x-portkey-config";
    public const string CacheStatus = "x-portkey-cache-status";
    public const string RetryAttemptCount = "x-portkey-retry-attempt-count";
    public const string LastUsedOptionIndex = "x-portkey-last-used-option-index";
    public const string RequestTimeout = "x-portkey-request-timeout";
    public const string CacheNamespace = "x-portkey-cache-namespace";
    public const string CacheForceRefresh = "x-portkey-cache-force-refresh";
}
