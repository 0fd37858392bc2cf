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
            var usage = await response.WriteToAsync(httpContext.Response, aborted);
            exchange.Complete(httpContext.Response.StatusCode, null, usage);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away mid-answer: nothing left to write, but the request still counts.
            exchange.Complete(499, "client_closed_request", null);
        }
        catch
        {
            exchange.Complete(StatusCodes.Status500InternalServerError, "internal_error", null);
            throw;
        }
    }
}
