using DataPlane.Caching;
using DataPlane.Inference;
using DataPlane.Providers;

namespace DataPlane.BodyLogging;

/// <summary>
/// An answer on its way to the client, its first <paramref name="maxBytes"/> bytes kept for the usage event (the whole JSON, or
/// the SSE text of a stream, as the client got it) — only for keys or workspaces that log bodies.
/// </summary>
internal sealed class BodyLoggingResponse(ProviderResponse inner, InferenceExchange exchange, int maxBytes) : ProviderResponse
{
    public override int StatusCode => inner.StatusCode;

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        var original = response.Body;
        var capture = new CaptureStream(original, maxBytes, truncate: true);
        response.Body = capture;
        try
        {
            var outcome = await inner.WriteToAsync(response, cancellationToken);
            // What the swapped-in writer still buffers must reach the client (and the copy) before the original comes back.
            await response.BodyWriter.CompleteAsync();
            return outcome;
        }
        finally
        {
            response.Body = original;
            exchange.ResponseBody = BodyText.From(capture.Captured.Span, capture.LeftOut);
        }
    }

    public override void Dispose() => inner.Dispose();
}
