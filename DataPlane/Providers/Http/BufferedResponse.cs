namespace DataPlane.Providers.Http;

/// <summary>A complete answer in a pooled buffer (relayed upstream bytes, or a translated body), usage already known.</summary>
internal sealed class BufferedResponse(int statusCode, string contentType, PooledBuffer body, UsageReport usage) : ProviderResponse
{
    public override int StatusCode => statusCode;

    /// <summary>The body as it will be written (for retry/fallback/guardrail decisions before it is).</summary>
    public ReadOnlyMemory<byte> Body => body.WrittenMemory;

    public UsageReport Usage => usage;

    public override BufferedAnswer? Buffered => new(body.WrittenMemory, contentType, usage);

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.BodyWriter.WriteAsync(body.WrittenMemory, cancellationToken);
        return new ReplyOutcome(statusCode, usage);
    }

    public override void Dispose() => body.Dispose();
}
