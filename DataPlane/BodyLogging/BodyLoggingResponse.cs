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

    public override BufferedAnswer? Buffered => inner.Buffered;

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        var capture = new CaptureStream(response.Body, maxBytes, truncate: true);
        try
        {
            return await CaptureStream.WriteThroughAsync(inner, response, capture, cancellationToken);
        }
        finally
        {
            // Also when the client went away mid-answer: what it was sent is logged.
            exchange.ResponseBody = BodyText.From(capture.Captured.Span, capture.LeftOut);
        }
    }

    public override void Dispose() => inner.Dispose();
}
