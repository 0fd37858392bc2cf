using DataPlane.Errors;
using DataPlane.Providers;

namespace DataPlane.Inference;

/// <summary>Sends a provider's answer to the client, then records the request's usage event.</summary>
internal sealed class ProviderReplyResult(ProviderResponse response, InferenceExchange exchange) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var aborted = httpContext.RequestAborted;
        try
        {
            var outcome = await response.WriteToAsync(httpContext.Response, aborted);
            exchange.Complete(outcome.Status, outcome.ErrorType, outcome.Usage);
        }
        catch (Exception ex) when (aborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The client went away mid-answer: nothing left to write, but the request still counts.
            exchange.Complete(StatusCodes.Status499ClientClosedRequest, StreamErrorTypes.ClientClosed, null);
        }
        catch
        {
            exchange.Complete(StatusCodes.Status500InternalServerError, "internal_error", null);
            throw;
        }
    }
}
