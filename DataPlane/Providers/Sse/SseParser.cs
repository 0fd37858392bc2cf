namespace DataPlane.Providers.Sse;

/// <summary>Finds complete events (ended by a blank line, <c>\n\n</c> or <c>\r\n\r\n</c>) in received bytes.</summary>
internal static class SseParser
{
    /// <summary>Reads the first complete event of <paramref name="buffer"/>; false when it holds only part of one.</summary>
    public static bool TryReadEvent(ReadOnlySpan<byte> buffer, out int consumed, out SseEvent sseEvent)
    {
        var end = FindEventEnd(buffer);
        if (end < 0)
        {
            consumed = 0;
            sseEvent = default;
            return false;
        }

        consumed = end;
        sseEvent = Parse(buffer[..end]);
        return true;
    }

    /// <summary>An event from bytes the upstream left unterminated when it closed.</summary>
    public static SseEvent Parse(ReadOnlySpan<byte> raw)
    {
        ReadOnlySpan<byte> name = default, data = default;
        var dataSeen = false;
        var rest = raw;
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (!dataSeen && line.StartsWith("data:"u8))
            {
                data = TrimOneSpace(line[5..]);
                dataSeen = true;
            }
            else if (line.StartsWith("event:"u8))
            {
                name = TrimOneSpace(line[6..]);
            }
        }

        return new SseEvent(raw, name, data);
    }

    private static int FindEventEnd(ReadOnlySpan<byte> buffer)
    {
        var offset = 0;
        while (true)
        {
            var newline = buffer[offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return -1;
            }

            var at = offset + newline;
            if (at + 1 < buffer.Length && buffer[at + 1] == '\n')
            {
                return at + 2;
            }

            if (at + 2 < buffer.Length && buffer[at + 1] == '\r' && buffer[at + 2] == '\n')
            {
                return at + 3;
            }

            if (at + 1 >= buffer.Length || (at + 2 >= buffer.Length && buffer[at + 1] == '\r'))
            {
                return -1; // the blank line may still be on its way
            }

            offset = at + 1;
        }
    }

    private static ReadOnlySpan<byte> TrimOneSpace(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && value[0] == ' ' ? value[1..] : value;
}
