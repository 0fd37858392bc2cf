using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using DataPlane.Providers.Http;
using DataPlane.Providers.Sse;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// <see cref="SseRelay"/>'s twin for the binary AWS event stream: pooled read buffer, whole messages decoded and handed to
/// the <see cref="ConverseStreamHandler"/>, one flush per upstream read (never the whole stream buffered), the idle timer
/// reset before every read. A frame with a bad checksum, or a close before the end, is a broken stream. Never throws for
/// upstream trouble or a gone client: it says how it ended, and the caller writes the terminal error event.
/// </summary>
internal static class EventStreamRelay
{
    private const int InitialBufferSize = 16 * 1024;

    public static async Task<(SseRelayResult Result, long FirstWriteTimestamp)> RelayAsync(
        UpstreamCall call, PipeWriter output, ConverseStreamHandler handler, int maxMessageBytes)
    {
        var limit = Math.Min(maxMessageBytes, EventStreamDecoder.MaxMessageBytes);
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
                    else if (buffer.Length >= limit)
                    {
                        return (SseRelayResult.UpstreamFailed, firstWrite);
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit));
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                call.RestartIdleTimer();
                var read = await upstream.ReadAsync(buffer.AsMemory(end), call.Token);
                if (read == 0)
                {
                    var finished = start == end && handler.Finish(output);
                    if (finished && !await FlushAsync(output, call.ClientToken))
                    {
                        return (SseRelayResult.ClientClosed, firstWrite);
                    }

                    return (handler.Completed ? SseRelayResult.Completed : SseRelayResult.UpstreamFailed, firstWrite);
                }

                end += read;
                var wrote = false;
                while (true)
                {
                    var status = EventStreamDecoder.TryRead(buffer.AsSpan(start, end - start), out var consumed, out var message);
                    if (status == DecodeStatus.Invalid)
                    {
                        if (wrote)
                        {
                            await FlushAsync(output, call.ClientToken);
                        }

                        return (SseRelayResult.UpstreamFailed, firstWrite);
                    }

                    if (status == DecodeStatus.NeedMore)
                    {
                        break;
                    }

                    wrote |= handler.OnMessage(message, output);
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

                if (handler.Completed)
                {
                    return (SseRelayResult.Completed, firstWrite);
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
