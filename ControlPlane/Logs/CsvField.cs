namespace ControlPlane.Logs;

/// <summary>RFC 4180 quoting: a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
internal static class CsvField
{
    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(NeedsQuotes) < 0
            ? value
            : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
