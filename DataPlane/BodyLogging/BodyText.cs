using System.Globalization;
using System.Text;

namespace DataPlane.BodyLogging;

/// <summary>A body as logged: UTF-8 text, cut at a limit (on a character boundary) with a marker naming what was left out.</summary>
internal static class BodyText
{
    public static string From(ReadOnlySpan<byte> kept, long leftOut)
    {
        if (leftOut == 0)
        {
            return Encoding.UTF8.GetString(kept);
        }

        // Do not end inside a multi-byte character: drop continuation bytes (10xxxxxx) and the lead byte they follow.
        var end = kept.Length;
        while (end > 0 && (kept[end - 1] & 0xC0) == 0x80)
        {
            end--;
        }

        if (end > 0 && kept[end - 1] >= 0xC0)
        {
            end--;
        }

        if (end < kept.Length && end + Utf8Length(kept[end]) == kept.Length)
        {
            end = kept.Length; // the last character was complete after all
        }

        var dropped = leftOut + (kept.Length - end);
        return Encoding.UTF8.GetString(kept[..end]) + string.Create(CultureInfo.InvariantCulture, $"…[truncated {dropped} bytes]");
    }

    private static int Utf8Length(byte lead) => lead switch
    {
        >= 0xF0 => 4,
        >= 0xE0 => 3,
        >= 0xC0 => 2,
        _ => 1,
    };
}
