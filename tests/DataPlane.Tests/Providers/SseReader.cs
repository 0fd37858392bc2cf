using System.Text;

namespace DataPlane.Tests.Providers;

/// <summary>Reads an SSE response event by event as it arrives (not the whole body at once).</summary>
internal sealed class SseReader(Stream stream)
{
    private readonly StringBuilder _pending = new();
    private readonly byte[] _buffer = new byte[4096];

    /// <summary>The next event's <c>data:</c> payload, or null when the stream ended.</summary>
    public async Task<string?> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 2);
                var line = text[..end].Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal));
                return line["data:".Length..].TrimStart(' ');
            }

            var read = await stream.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _pending.Append(Encoding.UTF8.GetString(_buffer, 0, read));
        }
    }

    public async Task<List<string>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var events = new List<string>();
        while (await NextAsync(cancellationToken) is { } data)
        {
            events.Add(data);
        }

        return events;
    }
}
