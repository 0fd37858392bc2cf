using System.Diagnostics;
using DataPlane.Errors;
using DataPlane.Providers.Http;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// A ConverseStream answer whose headers arrived: writing it relays the binary event stream as OpenAI SSE through the
/// <see cref="ConverseStreamHandler"/>. Broken streams end as <see cref="StreamingResponse"/>'s do: a terminal OpenAI error
/// event and <c>data: [DONE]</c>, status 200 kept, the failure named in the error type, the partial usage counted.
/// </summary>
internal sealed class EventStreamResponse(ProviderRequest request, UpstreamCall call, ConverseStreamHandler handler, TokenCounter tokens, int maxMessageBytes)
    : ProviderResponse
{
    public override int StatusCode => StatusCodes.Status200OK;

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        response.ContentType = ServerSentEvents.ContentType;
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken);

        var (result, firstWrite) = await EventStreamRelay.RelayAsync(call, response.BodyWriter, handler, maxMessageBytes);
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
        var usage = handler.Usage.ToReport(request.Request, tokens, countMissing: true, call.ElapsedMs, ttft);
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
