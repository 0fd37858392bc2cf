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

        if (IsJson(context.Request))
        {
            // Kept so the summary can be read back after the handler has bound it.
            context.Request.EnableBuffering(bufferThreshold: 64 * 1024);
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
            var summary = await ReadSummaryAsync(context.Request, statusCode);
            db.AuditLogs.Add(AuditEntryFactory.Create(context, statusCode, time.GetUtcNowForDb(), summary));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Losing an audit entry must not turn a done change into an error for the caller.
            Log.AuditWriteFailed(logger, context.Request.Method, context.Request.Path, ex);
        }
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentLength is not 0 && request.HasJsonContentType();

    /// <summary>Only for changes that happened (2xx): the handler has read the whole body into the buffer by then.</summary>
    private static async Task<string?> ReadSummaryAsync(HttpRequest request, int statusCode)
    {
        if (statusCode is < 200 or > 299 || !request.Body.CanSeek || !IsJson(request))
        {
            return null;
        }

        request.Body.Position = 0;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, CancellationToken.None);
        return AuditSummary.FromJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
