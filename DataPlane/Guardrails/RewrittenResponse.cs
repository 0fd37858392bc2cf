using DataPlane.Providers;
using DataPlane.Providers.Http;

namespace DataPlane.Guardrails;

/// <summary>
/// A non-streamed answer as guardrails left it: redacted texts and/or <c>hook_results</c>, status 246 when one failed without
/// deny. The original is kept until the request ends (it may hold an upstream connection) and disposed with it.
/// </summary>
internal sealed class RewrittenResponse(ProviderResponse original, PooledBuffer body, int statusCode, string contentType, UsageReport usage) : ProviderResponse
{
    public override int StatusCode => statusCode;

    public override BufferedAnswer? Buffered => new(body.WrittenMemory, contentType, usage);

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.BodyWriter.WriteAsync(body.WrittenMemory, cancellationToken);
        return new ReplyOutcome(statusCode, usage);
    }

    public override void Dispose()
    {
        body.Dispose();
        original.Dispose();
    }
}
