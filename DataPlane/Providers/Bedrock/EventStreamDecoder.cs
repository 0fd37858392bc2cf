using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// The binary AWS event-stream framing (vnd.amazon.eventstream) that ConverseStream answers in, one message at a time:
/// <code>
/// [total length u32][headers length u32][prelude CRC32 u32] [headers…] [payload…] [message CRC32 u32]   (big-endian)
/// header = [name length u8][name][value type u8][value]; type 7 (string) and 6 (bytes) carry a u16 length.
/// </code>
/// Both checksums are verified: a corrupt frame is a broken stream, not something to guess at.
/// </summary>
internal static class EventStreamDecoder
{
    public const string ContentType = "application/vnd.amazon.eventstream";

    /// <summary>Prelude (12) + message CRC (4).</summary>
    private const int Overhead = 16;

    /// <summary>AWS's own limit on one message (16 MiB).</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>Reads one message from the start of <paramref name="buffer"/>.</summary>
    /// <returns><see cref="DecodeStatus.NeedMore"/> until a whole message is there; <see cref="DecodeStatus.Invalid"/> for a bad frame.</returns>
    public static DecodeStatus TryRead(ReadOnlySpan<byte> buffer, out int consumed, out EventStreamMessage message)
    {
        consumed = 0;
        message = default;
        if (buffer.Length < 12)
        {
            return DecodeStatus.NeedMore;
        }

        var total = BinaryPrimitives.ReadUInt32BigEndian(buffer);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        if (Crc32.HashToUInt32(buffer[..8]) != preludeCrc || total < Overhead || total > MaxMessageBytes || headersLength > total - Overhead)
        {
            return DecodeStatus.Invalid;
        }

        if (buffer.Length < total)
        {
            return DecodeStatus.NeedMore;
        }

        var frame = buffer[..(int)total];
        if (Crc32.HashToUInt32(frame[..^4]) != BinaryPrimitives.ReadUInt32BigEndian(frame[^4..]))
        {
            return DecodeStatus.Invalid;
        }

        var headers = frame.Slice(12, (int)headersLength);
        string? messageType = null, eventType = null, exceptionType = null, errorCode = null, errorMessage = null;
        while (!headers.IsEmpty)
        {
            var nameLength = headers[0];
            if (headers.Length < 1 + nameLength + 1)
            {
                return DecodeStatus.Invalid;
            }

            var name = headers.Slice(1, nameLength);
            var type = headers[1 + nameLength];
            headers = headers[(2 + nameLength)..];
            var valueLength = type switch
            {
                0 or 1 => 0,
                2 => 1,
                3 => 2,
                4 => 4,
                5 or 8 => 8,
                9 => 16,
                6 or 7 when headers.Length >= 2 => 2 + BinaryPrimitives.ReadUInt16BigEndian(headers),
                _ => -1,
            };
            if (valueLength < 0 || valueLength > headers.Length)
            {
                return DecodeStatus.Invalid;
            }

            if (type == 7)
            {
                var value = Encoding.UTF8.GetString(headers.Slice(2, valueLength - 2));
                if (name.SequenceEqual(":message-type"u8))
                {
                    messageType = value;
                }
                else if (name.SequenceEqual(":event-type"u8))
                {
                    eventType = value;
                }
                else if (name.SequenceEqual(":exception-type"u8))
                {
                    exceptionType = value;
                }
                else if (name.SequenceEqual(":error-code"u8))
                {
                    errorCode = value;
                }
                else if (name.SequenceEqual(":error-message"u8))
                {
                    errorMessage = value;
                }
            }

            headers = headers[valueLength..];
        }

        consumed = (int)total;
        message = new EventStreamMessage
        {
            MessageType = messageType,
            EventType = eventType,
            ExceptionType = exceptionType,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            Payload = frame[(12 + (int)headersLength)..^4],
        };
        return DecodeStatus.Message;
    }
}
