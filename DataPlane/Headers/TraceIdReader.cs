namespace DataPlane.Headers;

/// <summary><c>x-portkey-trace-id</c>: the client's, when it is a sane token, else a new one.</summary>
internal static class TraceIdReader
{
    private const int MaxLength = 128;

    public static string Read(IHeaderDictionary headers)
    {
        var value = headers[PortkeyHeaders.TraceId].ToString().Trim();
        return IsUsable(value) ? value : Guid.CreateVersion7().ToString();
    }

    private static bool IsUsable(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }

        return true;
    }
}
