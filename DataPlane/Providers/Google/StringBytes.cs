using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace DataPlane.Providers.Google;

/// <summary>
/// The UTF-8 bytes of a JSON string value, unescaped: a view into the document when it has no escapes (the
/// common case, and the one that matters for megabytes of base64 image data), else a pooled copy.
/// </summary>
internal readonly ref struct StringBytes
{
    private readonly byte[]? _rented;

    private StringBytes(ReadOnlySpan<byte> span, byte[]? rented)
    {
        Span = span;
        _rented = rented;
    }

    public ReadOnlySpan<byte> Span { get; }

    /// <param name="value">A string element.</param>
    public static StringBytes Of(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        if (!raw.Contains((byte)'\\'))
        {
            return new StringBytes(raw, null);
        }

        var text = value.GetString()!;
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, rented);
        return new StringBytes(rented.AsSpan(0, length), rented);
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }
}
