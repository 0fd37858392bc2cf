using System.ComponentModel.DataAnnotations;

namespace DataPlane.Caching;

/// <summary>The response cache's limits (<c>Gateway:ResponseCache</c>).</summary>
internal sealed class ResponseCacheOptions
{
    public const string Section = "Gateway:ResponseCache";

    /// <summary>Bound on every Redis call: a Redis outage must never stall a request (the library would queue for seconds).</summary>
    [Range(10, 5000)]
    public int RedisTimeoutMs { get; set; } = 200;

    /// <summary>Answers larger than this are relayed but not cached.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxCaptureBytes { get; set; } = 1024 * 1024;
}
