namespace DataPlane.Providers.Anthropic;

/// <summary>Splits a base64 <c>data:</c> URL (<c>data:image/png;base64,iVBOR…</c>) into its media type and data.</summary>
internal static class DataUrl
{
    public static bool TryParse(string url, out string mediaType, out ReadOnlyMemory<char> data)
    {
        mediaType = "";
        data = default;
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return false;
        }

        var header = url.AsSpan(5, comma - 5);
        const string Base64 = ";base64";
        if (!header.EndsWith(Base64, StringComparison.OrdinalIgnoreCase) || header.Length == Base64.Length)
        {
            return false;
        }

        // Parameters before ;base64 (e.g. ;charset=…) are not part of the media type Anthropic wants.
        var type = header[..^Base64.Length];
        var semicolon = type.IndexOf(';');
        mediaType = (semicolon < 0 ? type : type[..semicolon]).ToString().ToLowerInvariant();
        data = url.AsMemory(comma + 1);
        return data.Length > 0;
    }
}
