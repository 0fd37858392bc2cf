namespace DataPlane.Providers;

/// <summary>
/// A provider's answer, received but not yet sent to the client: the caller can still decide on it
/// (retry, fallback) before <see cref="WriteToAsync"/> commits it. An OpenAI-compatible adapter's
/// implementation relays the upstream bytes (pooled buffers, flush per SSE event) and reads usage on the way.
/// </summary>
internal abstract class ProviderResponse
{
    public abstract int StatusCode { get; }

    /// <summary>Writes the answer to the client and reports its usage.</summary>
    public abstract Task<UsageReport> WriteToAsync(HttpResponse response, CancellationToken cancellationToken);
}
