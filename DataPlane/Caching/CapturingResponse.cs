using DataPlane.Providers;

namespace DataPlane.Caching;

/// <summary>
/// A fresh answer on its way to the client, copied as it goes (the response body is swapped for a
/// <see cref="CaptureStream"/> while the inner answer writes; <c>BodyWriter</c> follows <c>Body</c>), then
/// handed to <paramref name="store"/> when it went out whole: status 200, no error, within the capture cap.
/// </summary>
internal sealed class CapturingResponse(ProviderResponse inner, int maxCaptureBytes, Action<CachedEntry> store) : ProviderResponse
{
    public override int StatusCode => inner.StatusCode;

    public ProviderResponse Inner => inner;

    /// <summary>The inner answer's: a guardrail that leaves it as it is keeps the capture (and the cache store).</summary>
    public override BufferedAnswer? Buffered => inner.Buffered;

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        var capture = new CaptureStream(response.Body, maxCaptureBytes);
        var outcome = await CaptureStream.WriteThroughAsync(inner, response, capture, cancellationToken);
        if (outcome is { Status: StatusCodes.Status200OK, ErrorType: null } && !capture.Overflowed && capture.Captured.Length > 0)
        {
            store(new CachedEntry(response.ContentType ?? "application/json", outcome.Usage, false, capture.Captured));
        }

        return outcome;
    }

    public override void Dispose() => inner.Dispose();
}
