using DataPlane.Inference;

namespace DataPlane.Errors;

/// <summary>An error answer; records the request's usage event when the caller was authenticated.</summary>
/// <param name="usage">What the request cost anyway (an answer withheld by a guardrail was still generated).</param>
internal sealed class GatewayErrorResult(GatewayError error, InferenceExchange? exchange = null, Providers.UsageReport? usage = null) : IResult
{
    public GatewayError Error { get; } = error;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            await OpenAiErrorWriter.WriteAsync(httpContext.Response, Error, httpContext.RequestAborted);
        }
        finally
        {
            exchange?.Complete(Error.Status, Error.Code ?? Error.Type, usage);
        }
    }
}
