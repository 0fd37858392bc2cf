using ControlPlane.Catalog;

namespace ControlPlane.Audit;

/// <summary>
/// One place that writes an audit entry for every mutation under /v1, successful or not,
/// including those refused before a handler ran (401, 403, 400, 413…).
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, IServiceScopeFactory scopeFactory, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!AuditEntryFactory.IsAudited(context.Request))
        {
            await next(context);
            return;
        }

        var statusCode = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            statusCode = context.Response.StatusCode;
        }
        catch (BadHttpRequestException ex)
        {
            // The exception handler outside turns it into this status.
            statusCode = ex.StatusCode;
            throw;
        }
        finally
        {
            await WriteAsync(context, statusCode);
        }
    }

    private async Task WriteAsync(HttpContext context, int statusCode)
    {
        try
        {
            // A fresh context: the request's may hold the failed change that made this a 4xx/5xx.
            await using var scope = scopeFactory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            db.AuditLogs.Add(AuditEntryFactory.Create(context, statusCode, time.GetUtcNowForDb()));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Losing an audit entry must not turn a done change into an error for the caller.
            Log.AuditWriteFailed(logger, context.Request.Method, context.Request.Path, ex);
        }
    }
}
