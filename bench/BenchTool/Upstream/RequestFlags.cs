namespace BenchTool.Upstream;

/// <summary>
/// The two request fields the fake answers differently for, found by a byte scan (no JSON parse):
/// the benchmark's own request bodies are known, so a scan is exact enough and costs next to nothing.
/// </summary>
internal readonly record struct RequestFlags(bool Stream, bool IncludeUsage)
{
    public static RequestFlags Scan(ReadOnlySpan<byte> body) =>
        new(IsTrue(body, "\"stream\""u8), IsTrue(body, "\"include_usage\""u8));

    private static bool IsTrue(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        var at = body.IndexOf(name);
        if (at < 0)
        {
            return false;
        }

        var rest = body[(at + name.Length)..].TrimStart(" \t\r\n:"u8);
        return rest.StartsWith("true"u8);
    }
}
