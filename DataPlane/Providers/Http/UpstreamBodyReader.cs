using DataPlane.Errors;

namespace DataPlane.Providers.Http;

/// <summary>Reads a non-streamed upstream body into a pooled buffer, with the idle timer reset on every read.</summary>
internal static class UpstreamBodyReader
{
    private const int DefaultInitialSize = 16 * 1024;

    /// <param name="limit">Bytes beyond this are an error (<paramref name="truncate"/> false) or dropped (true).</param>
    /// <returns>The body, or an error value (502 cut off / too large, 504 silent); throws only when the client went away.</returns>
    public static async Task<(PooledBuffer? Body, GatewayError? Error)> ReadAsync(UpstreamCall call, string providerSlug, int limit, bool truncate)
    {
        var length = call.Response.Content.Headers.ContentLength;
        var buffer = new PooledBuffer((int)Math.Clamp(length ?? DefaultInitialSize, 256, Math.Min(limit, 4 * 1024 * 1024)));
        try
        {
            call.RestartIdleTimer();
            await using var stream = await call.Response.Content.ReadAsStreamAsync(call.Token);
            while (true)
            {
                call.RestartIdleTimer();
                var read = await stream.ReadAsync(buffer.GetMemory(8 * 1024), call.Token);
                if (read == 0)
                {
                    return (buffer, null);
                }

                buffer.Advance(read);
                if (buffer.Length > limit)
                {
                    if (truncate)
                    {
                        return (buffer, null);
                    }

                    buffer.Dispose();
                    return (null, GatewayError.UpstreamInvalidResponse(providerSlug, $"the answer is larger than {limit} bytes"));
                }
            }
        }
        catch (OperationCanceledException) when (call.TimedOut)
        {
            buffer.Dispose();
            return (null, GatewayError.UpstreamTimeout(providerSlug, call.IdleTimeoutMs));
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !call.ClientToken.IsCancellationRequested)
        {
            buffer.Dispose();
            return (null, GatewayError.UpstreamUnreachable(providerSlug, "the connection closed before the answer was complete"));
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
