namespace DataPlane.Caching;

/// <summary>The values of <c>x-portkey-cache-status</c> (CONTRACT.md §2).</summary>
internal static class CacheStatus
{
    public const string Hit = "HIT";
    public const string Miss = "MISS";
    public const string SemanticHit = "SEMANTIC HIT";
    public const string SemanticMiss = "SEMANTIC MISS";
    public const string Refresh = "REFRESH";
    public const string Disabled = "DISABLED";
}
