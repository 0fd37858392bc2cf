using Microsoft.AspNetCore.Diagnostics;

namespace DataPlane.Errors;

/// <summary>Unexpected exceptions become OpenAI-shaped errors, never a stack trace.</summary>
internal sealed class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        GatewayError error;
        if (exception is BadHttpRequestException bad)
        {
            // Kestrel's own limits and malformed framing (e.g. its 413) keep their status.
            error = GatewayError.FromStatus(bad.StatusCode, httpContext.Request.Path);
        }
        else
        {
            Log.UnhandledException(logger, httpContext.Request.Path, exception);
            error = GatewayError.Internal();
        }

        await OpenAiErrorWriter.WriteAsync(httpContext.Response, error, cancellationToken);
        return true;
    }
}
