using System.ComponentModel.DataAnnotations;

namespace DataPlane.Providers.Http;

/// <summary>How the data plane talks to providers (section <c>Gateway</c>, e.g. <c>Gateway:StreamIdleTimeoutMs</c>).</summary>
internal sealed class UpstreamOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Establishing a TCP (+TLS) connection to a provider; beyond it the request fails with 502.</summary>
    [Range(100, 600_000)]
    public int UpstreamConnectTimeoutMs { get; set; } = 10_000;

    /// <summary>From sending a request to the provider's response headers; beyond it the request fails with 504.</summary>
    [Range(100, 3_600_000)]
    public int UpstreamTimeoutMs { get; set; } = 600_000;

    /// <summary>
    /// The longest silence allowed between two reads of a provider's answer body (reset on every read).
    /// Mid-stream it ends the client's stream with a terminal error event; before a non-streamed body is
    /// complete it is a 504.
    /// </summary>
    [Range(100, 3_600_000)]
    public int StreamIdleTimeoutMs { get; set; } = 60_000;

    /// <summary>The most of an upstream error body read to find its message; the rest is discarded.</summary>
    [Range(1024, 1024 * 1024)]
    public int UpstreamErrorBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The largest non-streamed answer (or single SSE event) accepted from a provider; beyond it, 502.</summary>
    [Range(64 * 1024, int.MaxValue)]
    public int MaxUpstreamResponseBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Pooled connections are recycled after this long so DNS changes reach them.</summary>
    [Range(1_000, 86_400_000)]
    public int PooledConnectionLifetimeMs { get; set; } = 300_000;
}
