using DataPlane.Providers;
using DataPlane.Providers.Sse;

namespace DataPlane.Caching;

/// <summary>
/// A cache hit: the stored bytes written as the fresh answer was (a JSON body, or the same SSE stream replayed
/// at once). The outcome carries the stored usage (the tokens saved) with no upstream latency.
/// </summary>
internal sealed class CachedResponse(CachedEntry entry) : ProviderResponse
{
    public override int StatusCode => StatusCodes.Status200OK;

    public CachedEntry Entry => entry;

    /// <summary>A stored JSON body (not a replayed stream).</summary>
    public override BufferedAnswer? Buffered =>
        entry.ContentType.StartsWith(ServerSentEvents.ContentType, StringComparison.OrdinalIgnoreCase) ? null : new(entry.Body, entry.ContentType, entry.Usage);

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        response.ContentType = entry.ContentType;
        if (entry.ContentType.StartsWith(ServerSentEvents.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            response.Headers.CacheControl = "no-cache";
        }
        else
        {
            response.ContentLength = entry.Body.Length;
        }

        await response.BodyWriter.WriteAsync(entry.Body, cancellationToken);
        return new ReplyOutcome(StatusCode, entry.Usage);
    }
}
