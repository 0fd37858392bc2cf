using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using DataPlane.Providers.Http;

namespace DataPlane.Providers.Sse;

/// <summary>
/// Moves an upstream SSE body to the client as it arrives: pooled read buffer, complete events handed
/// to the adapter's <see cref="SseStreamHandler"/>, one flush per upstream read (never the whole stream
/// buffered), the idle timer reset before every read. Never throws for upstream trouble or a gone
/// client: it says how it ended, and the caller writes the terminal error event.
/// </summary>
internal static class SseRelay
{
    private const int InitialBufferSize = 16 * 1024;

    /// <param name="firstWrite">Set to the Stopwatch timestamp of the first flush that carried an event.</param>
    public static async Task<(SseRelayResult Result, long FirstWriteTimestamp)> RelayAsync(
        UpstreamCall call, PipeWriter output, SseStreamHandler handler, int maxEventBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var start = 0;
        var end = 0;
        long firstWrite = 0;
        try
        {
            call.RestartIdleTimer();
            await using var upstream = await call.Response.Content.ReadAsStreamAsync(call.Token);
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    else if (buffer.Length >= maxEventBytes)
                    {
                        return (SseRelayResult.UpstreamFailed, firstWrite);
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxEventBytes));
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                call.RestartIdleTimer();
                var read = await upstream.ReadAsync(buffer.AsMemory(end), call.Token);
                var wrote = false;
                if (read == 0)
                {
                    if (end > start)
                    {
                        // The upstream closed without a final blank line: the last event still counts.
                        wrote = handler.OnEvent(SseParser.Parse(buffer.AsSpan(start, end - start)), output);
                    }

                    if (wrote && !await FlushAsync(output, call.ClientToken))
                    {
                        return (SseRelayResult.ClientClosed, firstWrite);
                    }

                    return (handler.Completed || !handler.RequiresEndMarker ? SseRelayResult.Completed : SseRelayResult.UpstreamFailed, firstWrite);
                }

                end += read;
                while (SseParser.TryReadEvent(buffer.AsSpan(start, end - start), out var consumed, out var sseEvent))
                {
                    wrote |= handler.OnEvent(sseEvent, output);
                    start += consumed;
                }

                if (start == end)
                {
                    start = end = 0;
                }

                if (wrote)
                {
                    if (!await FlushAsync(output, call.ClientToken))
                    {
                        return (SseRelayResult.ClientClosed, firstWrite);
                    }

                    if (firstWrite == 0)
                    {
                        firstWrite = Stopwatch.GetTimestamp();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (call.TimedOut ? SseRelayResult.IdleTimeout : SseRelayResult.ClientClosed, firstWrite);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return (call.ClientToken.IsCancellationRequested ? SseRelayResult.ClientClosed : SseRelayResult.UpstreamFailed, firstWrite);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask<bool> FlushAsync(PipeWriter output, CancellationToken clientToken)
    {
        var result = await output.FlushAsync(clientToken);
        return !result.IsCanceled && !result.IsCompleted;
    }
}
