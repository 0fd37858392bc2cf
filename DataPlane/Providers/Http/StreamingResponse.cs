using System.Diagnostics;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Http;

/// <summary>
/// A streamed answer whose headers arrived: writing it relays the upstream SSE through the adapter's
/// <see cref="SseStreamHandler"/>. A stream that breaks after it began (idle timeout, upstream death)
/// ends for the client with a terminal OpenAI error event and <c>data: [DONE]</c>; the outcome keeps
/// status 200, names the failure in its error type (<see cref="StreamErrorTypes"/>) and carries the
/// partial usage (counted with <see cref="TokenCounter"/> where the upstream sent none).
/// </summary>
internal sealed class StreamingResponse(ProviderRequest request, UpstreamCall call, SseStreamHandler handler, TokenCounter tokens, int maxEventBytes)
    : ProviderResponse
{
    public override int StatusCode => StatusCodes.Status200OK;

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        response.ContentType = ServerSentEvents.ContentType;
        response.Headers.CacheControl = "no-cache";
        // Headers go now, as the upstream's did: a client sees the stream open before the first token.
        await response.StartAsync(cancellationToken);

        var (result, firstWrite) = await SseRelay.RelayAsync(call, response.BodyWriter, handler, maxEventBytes);
        var slug = request.Target.Provider.Slug;
        var status = StatusCode;
        var errorType = handler.ErrorType;
        switch (result)
        {
            case SseRelayResult.IdleTimeout:
                errorType = StreamErrorTypes.IdleTimeout;
                await WriteTerminalErrorAsync(response, GatewayError.StreamIdleTimeout(slug, call.IdleTimeoutMs), cancellationToken);
                break;
            case SseRelayResult.UpstreamFailed:
                errorType = StreamErrorTypes.UpstreamFailed;
                await WriteTerminalErrorAsync(response, GatewayError.StreamInterrupted(slug), cancellationToken);
                break;
            case SseRelayResult.ClientClosed:
                status = StatusCodes.Status499ClientClosedRequest;
                errorType = StreamErrorTypes.ClientClosed;
                break;
        }

        int? ttft = firstWrite == 0 ? null : (int)Stopwatch.GetElapsedTime(request.StartTimestamp, firstWrite).TotalMilliseconds;
        var usage = handler.Usage.ToReport(request.Request, tokens, countMissing: request.Operation != InferenceOperation.ImageGenerations, call.ElapsedMs, ttft);
        return new ReplyOutcome(status, usage, errorType);
    }

    public override void Dispose()
    {
        call.Dispose();
        handler.Usage.Dispose();
    }

    private static async Task WriteTerminalErrorAsync(HttpResponse response, GatewayError error, CancellationToken cancellationToken)
    {
        try
        {
            ServerSentEvents.WriteErrorEvent(response.BodyWriter, error);
            ServerSentEvents.WriteDone(response.BodyWriter);
            await response.BodyWriter.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left too; the usage event still records what happened.
        }
    }
}
