namespace LogIngestor.Rollups;

/// <summary>The cache statuses the rollups count (as stored in <c>request_logs.cache_status</c>).</summary>
internal static class CacheStatuses
{
    public const string Hit = "HIT";
    public const string SemanticHit = "SEMANTIC HIT";
    public const string Disabled = "DISABLED";
}
