using System.Buffers;
using DataPlane.Providers;

namespace DataPlane.Caching;

/// <summary>
/// Passes every write on to the client's stream and keeps a copy, up to a cap. Past the cap the copy is dropped
/// (<see cref="Overflowed"/>: the cache then does not store the answer), or with <paramref name="truncate"/> its
/// beginning is kept and the rest only counted (<see cref="LeftOut"/>: body logging).
/// </summary>
internal sealed class CaptureStream(Stream inner, int maxBytes, bool truncate = false) : Stream
{
    private ArrayBufferWriter<byte>? _copy = new(Math.Min(4096, maxBytes));

    public bool Overflowed => _copy is null;

    /// <summary>With truncation: the bytes written past the cap (not kept).</summary>
    public long LeftOut { get; private set; }

    public ReadOnlyMemory<byte> Captured => _copy?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Keep(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="answer"/> to the client through <paramref name="capture"/> (made over <c>response.Body</c>):
    /// the body is swapped for the capture while the answer writes (<c>BodyWriter</c> follows <c>Body</c>), then put back.
    /// </summary>
    public static async Task<ReplyOutcome> WriteThroughAsync(ProviderResponse answer, HttpResponse response, CaptureStream capture, CancellationToken cancellationToken)
    {
        var original = response.Body;
        response.Body = capture;
        try
        {
            var outcome = await answer.WriteToAsync(response, cancellationToken);
            // Bytes still buffered in the swapped-in writer must reach the client before the original comes back;
            // completing it also returns its buffers (the client's stream stays open).
            await response.BodyWriter.CompleteAsync();
            return outcome;
        }
        finally
        {
            response.Body = original;
        }
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_copy is null)
        {
            return;
        }

        if (_copy.WrittenCount + bytes.Length > maxBytes)
        {
            if (!truncate)
            {
                _copy = null;
                return;
            }

            var room = maxBytes - _copy.WrittenCount;
            _copy.Write(bytes[..room]);
            LeftOut += bytes.Length - room;
            return;
        }

        _copy.Write(bytes);
    }
}
