using System.ComponentModel.DataAnnotations;

namespace DataPlane.Routing;

/// <summary>The <c>Gateway:Routing</c> section: the knobs of retries and inline configs.</summary>
internal sealed class RoutingOptions
{
    public const string SectionName = "Gateway:Routing";

    /// <summary>The first retry's median delay; each next one doubles it (with jitter).</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMs { get; set; } = 250;

    /// <summary>No backoff delay exceeds this.</summary>
    [Range(0, 300_000)]
    public int RetryMaxDelayMs { get; set; } = 10_000;

    /// <summary>
    /// The longest <c>Retry-After</c> a retry waits for. An upstream asking for longer is not retried (its 429 goes back
    /// to the client at once, which can wait or fail over better than a held request can).
    /// </summary>
    [Range(0, 600_000)]
    public int MaxRetryAfterMs { get; set; } = 60_000;

    /// <summary>Compiled inline configs kept per snapshot (the same header JSON is compiled once).</summary>
    [Range(0, 100_000)]
    public int InlineConfigCacheSize { get; set; } = 1_000;
}
