namespace DataPlane.Providers.Sse;

/// <summary>One upstream server-sent event, as views into the relay's buffer (valid only during the handler call).</summary>
/// <param name="Raw">The whole event as received, including its terminating blank line: relay this to pass it through unchanged.</param>
/// <param name="Name">The <c>event:</c> field (Anthropic's <c>message_start</c>…), empty when absent.</param>
/// <param name="Data">The <c>data:</c> payload (several data lines joined by <c>\n</c> are not supported: the first is used), empty when absent.</param>
internal readonly ref struct SseEvent(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
{
    public ReadOnlySpan<byte> Raw { get; } = raw;
    public ReadOnlySpan<byte> Name { get; } = name;
    public ReadOnlySpan<byte> Data { get; } = data;

    public bool IsDone => Data.SequenceEqual("[DONE]"u8);
}
