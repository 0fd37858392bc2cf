namespace BenchTool.UsageSink;

/// <summary>
/// Events in one MassTransit message body: each <c>UsageEvent</c> has exactly one <c>eventId</c> property
/// (MassTransit's JSON is camelCase), and no string value can hold the quoted name unescaped.
/// </summary>
internal static class EventCount
{
    public static int In(ReadOnlySpan<byte> body)
    {
        var count = 0;
        var name = "\"eventId\""u8;
        for (var at = body.IndexOf(name); at >= 0; at = body.IndexOf(name))
        {
            count++;
            body = body[(at + name.Length)..];
        }

        return count;
    }
}
