using System.Diagnostics;

namespace DataPlane.Providers.Http;

/// <summary>
/// One upstream exchange in flight: the response (headers read, body not yet), the cancellation that
/// ties it to the client and to the timeouts, and what must be freed when it ends. Disposing it
/// aborts an unfinished body, which is how a gone client cancels the upstream call.
/// </summary>
internal sealed class UpstreamCall(UpstreamRequest request, HttpResponseMessage response, CancellationTokenSource cancellation,
    CancellationToken clientToken, long sentTimestamp, int idleTimeoutMs) : IDisposable
{
    private int _disposed;

    public HttpResponseMessage Response { get; } = response;

    /// <summary>Cancelled by the client going away or by the idle timer; pass it to every body read.</summary>
    public CancellationToken Token => cancellation.Token;

    public CancellationToken ClientToken { get; } = clientToken;

    public int IdleTimeoutMs { get; } = idleTimeoutMs;

    public int StatusCode => (int)Response.StatusCode;

    /// <summary>Milliseconds since the request was sent upstream.</summary>
    public int ElapsedMs => (int)Stopwatch.GetElapsedTime(sentTimestamp).TotalMilliseconds;

    /// <summary>Call before each body read: the upstream then has <see cref="IdleTimeoutMs"/> to send something.</summary>
    public void RestartIdleTimer() => cancellation.CancelAfter(IdleTimeoutMs);

    /// <summary>After a cancelled read: true when the idle timer fired, false when the client went away.</summary>
    public bool TimedOut => cancellation.IsCancellationRequested && !ClientToken.IsCancellationRequested;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Response.Dispose();
        request.Message.Dispose();
        cancellation.Dispose();
    }
}
