using DataPlane.Caching;
using DataPlane.Providers;
using DataPlane.Routing;

namespace DataPlane.Guardrails;

/// <summary>
/// A streamed answer under guardrails. When an input guardrail warned, the status becomes 246 as the stream starts (its SSE
/// body has no room for <c>hook_results</c>: they are in the usage event). Output guardrails run on the assembled text once
/// the stream has ended — recorded only, off the request path (the client already has every byte).
/// </summary>
internal sealed class GuardedStreamResponse(
    ProviderResponse inner, GuardrailEngine engine, RouteRun run, CompiledGuardrail[] outputGuardrails, bool warned, int maxCaptureBytes) : ProviderResponse
{
    public override int StatusCode => warned && inner.StatusCode == StatusCodes.Status200OK ? GuardrailStatus.Warned : inner.StatusCode;

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        if (warned)
        {
            // Inner answers set 200 and start the response themselves; this runs just before the headers go.
            response.OnStarting(static state =>
            {
                var http = (HttpResponse)state;
                if (http.StatusCode == StatusCodes.Status200OK)
                {
                    http.StatusCode = GuardrailStatus.Warned;
                }

                return Task.CompletedTask;
            }, response);
        }

        ReplyOutcome outcome;
        if (outputGuardrails.Length == 0)
        {
            outcome = await inner.WriteToAsync(response, cancellationToken);
        }
        else
        {
            var capture = new CaptureStream(response.Body, maxCaptureBytes, truncate: true);
            outcome = await CaptureStream.WriteThroughAsync(inner, response, capture, cancellationToken);
            var texts = StreamTexts.Assemble(capture.Captured.Span);
            run.Guardrails.Track(engine.RecordStreamOutputAsync(run, outputGuardrails, texts));
        }

        return warned && outcome.Status == StatusCodes.Status200OK ? outcome with { Status = GuardrailStatus.Warned } : outcome;
    }

    public override void Dispose() => inner.Dispose();
}
