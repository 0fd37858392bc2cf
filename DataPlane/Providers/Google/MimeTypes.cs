namespace DataPlane.Providers.Google;

/// <summary>A MIME type for a file URL, from its extension: Gemini's <c>fileData</c> needs one.</summary>
internal static class MimeTypes
{
    public const string Default = "image/jpeg";

    public static string FromUrl(ReadOnlySpan<byte> url)
    {
        var end = url.IndexOfAny((byte)'?', (byte)'#');
        var path = end < 0 ? url : url[..end];
        var dot = path.LastIndexOf((byte)'.');
        var slash = path.LastIndexOf((byte)'/');
        if (dot < 0 || dot < slash)
        {
            return Default;
        }

        Span<byte> extension = stackalloc byte[8];
        var source = path[(dot + 1)..];
        if (source.Length > extension.Length)
        {
            return Default;
        }

        for (var i = 0; i < source.Length; i++)
        {
            extension[i] = (byte)(source[i] is >= (byte)'A' and <= (byte)'Z' ? source[i] + 32 : source[i]);
        }

        return extension[..source.Length] switch
        {
            var e when e.SequenceEqual("png"u8) => "image/png",
            var e when e.SequenceEqual("jpg"u8) || e.SequenceEqual("jpeg"u8) => "image/jpeg",
            var e when e.SequenceEqual("gif"u8) => "image/gif",
            var e when e.SequenceEqual("webp"u8) => "image/webp",
            var e when e.SequenceEqual("heic"u8) => "image/heic",
            var e when e.SequenceEqual("heif"u8) => "image/heif",
            var e when e.SequenceEqual("pdf"u8) => "application/pdf",
            _ => Default,
        };
    }
}
