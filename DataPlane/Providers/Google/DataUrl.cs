namespace DataPlane.Providers.Google;

/// <summary>Reads <c>data:&lt;mime&gt;;base64,&lt;data&gt;</c> URLs (images, files) into their parts, without copying.</summary>
internal static class DataUrl
{
    public static bool TryParse(ReadOnlySpan<byte> url, out ReadOnlySpan<byte> mimeType, out ReadOnlySpan<byte> base64)
    {
        mimeType = default;
        base64 = default;
        if (!url.StartsWith("data:"u8))
        {
            return false;
        }

        var comma = url.IndexOf((byte)',');
        if (comma < 0)
        {
            return false;
        }

        var header = url[5..comma];
        // Only base64 payloads: Gemini's inlineData.data is base64.
        if (!header.EndsWith(";base64"u8))
        {
            return false;
        }

        mimeType = header[..^7];
        var parameters = mimeType.IndexOf((byte)';');
        if (parameters >= 0)
        {
            mimeType = mimeType[..parameters];
        }

        if (mimeType.IsEmpty)
        {
            mimeType = "application/octet-stream"u8;
        }

        base64 = url[(comma + 1)..];
        return true;
    }
}
