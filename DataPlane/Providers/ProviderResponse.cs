namespace DataPlane.Providers;

/// <summary>
/// A provider's answer, received but not yet sent to the client: the caller can still decide on it
/// (retry, fallback) before <see cref="WriteToAsync"/> commits it, and must dispose it either way
/// (it may hold an upstream connection and pooled buffers).
/// </summary>
internal abstract class ProviderResponse : IDisposable
{
    public abstract int StatusCode { get; }

    /// <summary>
    /// Writes the answer to the client and reports what happened: the status to record, the usage
    /// (partial when a stream broke) and an error type when a begun stream ended badly.
    /// </summary>
    public abstract Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken);

    /// <summary>
    /// A complete, non-streamed answer at hand before it is written (output guardrails read, and may rewrite, it); null for
    /// streams and answers that only exist as they are written.
    /// </summary>
    public virtual BufferedAnswer? Buffered => null;

    public virtual void Dispose()
    {
    }
}
