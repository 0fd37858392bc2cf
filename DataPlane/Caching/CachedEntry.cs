using System.Buffers.Binary;
using System.Text;
using DataPlane.Providers;

namespace DataPlane.Caching;

/// <summary>
/// One stored answer: its content type, the usage it cost when fresh, and the bytes the client got
/// (a JSON body, or the whole SSE stream). Stored as one Redis string in a small binary layout.
/// </summary>
internal sealed record CachedEntry(string ContentType, UsageReport Usage, bool IncludeUsage, ReadOnlyMemory<byte> Body)
{
    private const byte FormatVersion = 1;
    private const int HeaderBytes = 1 + 1 + 4 + 4 + 4 + 2;

    public byte[] Serialize()
    {
        var contentType = Encoding.UTF8.GetBytes(ContentType);
        var bytes = new byte[HeaderBytes + contentType.Length + Body.Length];
        var span = bytes.AsSpan();
        span[0] = FormatVersion;
        span[1] = IncludeUsage ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], Usage.PromptTokens);
        BinaryPrimitives.WriteInt32LittleEndian(span[6..], Usage.CompletionTokens);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], Usage.CachedTokens);
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], (ushort)contentType.Length);
        contentType.CopyTo(span[HeaderBytes..]);
        Body.Span.CopyTo(span[(HeaderBytes + contentType.Length)..]);
        return bytes;
    }

    /// <summary>The entry, or null for bytes of another format (e.g. written by a newer version).</summary>
    public static CachedEntry? Deserialize(byte[] bytes)
    {
        if (bytes.Length < HeaderBytes || bytes[0] != FormatVersion)
        {
            return null;
        }

        var span = bytes.AsSpan();
        var contentTypeLength = BinaryPrimitives.ReadUInt16LittleEndian(span[14..]);
        if (bytes.Length < HeaderBytes + contentTypeLength)
        {
            return null;
        }

        var usage = new UsageReport(
            BinaryPrimitives.ReadInt32LittleEndian(span[2..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[6..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[10..]),
            UpstreamLatencyMs: 0,
            TtftMs: null);
        var contentType = Encoding.UTF8.GetString(span.Slice(HeaderBytes, contentTypeLength));
        return new CachedEntry(contentType, usage, bytes[1] == 1, bytes.AsMemory(HeaderBytes + contentTypeLength));
    }
}
