namespace DataPlane.Errors;

internal static class ErrorHandlingExtensions
{
    public static IHostApplicationBuilder AddOpenAiErrors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddExceptionHandler<GatewayExceptionHandler>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// Every error leaves in OpenAI's shape: exceptions (500, Kestrel's 413) through the exception handler,
    /// and bodiless statuses from routing (unknown route 404, wrong method 405) through status code pages.
    /// </summary>
    public static WebApplication UseOpenAiErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var error = http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
                ? GatewayError.MethodNotAllowed(http.Request.Method, http.Request.Path)
                : GatewayError.FromStatus(http.Response.StatusCode, http.Request.Path);
            return OpenAiErrorWriter.WriteAsync(http.Response, error, http.RequestAborted);
        });
        return app;
    }
}
