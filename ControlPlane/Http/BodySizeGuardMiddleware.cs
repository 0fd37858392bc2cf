using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Http;

/// <summary>
/// Refuses a declared body over the limit with a 413 problem before anything reads it;
/// a chunked body over the limit is stopped by Kestrel's own limit while binding.
/// </summary>
internal sealed class BodySizeGuardMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > RequestLimits.MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Payload Too Large",
                    Detail = $"The request body is larger than {RequestLimits.MaxBodyBytes} bytes.",
                },
            });
            return;
        }

        await next(context);
    }
}
