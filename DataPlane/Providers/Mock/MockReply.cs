using System.Text;
using System.Text.Json;

namespace DataPlane.Providers.Mock;

/// <summary>
/// The mock's deterministic answer: it echoes the last user message, and counts tokens as
/// ~4 characters each plus a small per-message overhead, so equal requests get equal usage.
/// </summary>
internal sealed record MockReply(string Content, int PromptTokens, int CompletionTokens)
{
    public const string Prefix = "Mock response to: ";
    private const int PerMessageOverhead = 4;
    private const int PerRequestOverhead = 3;

    /// <param name="body">The client's request JSON, already validated as having a non-empty <c>messages</c> array.</param>
    public static MockReply From(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var lastUserText = "";
        var promptTokens = PerRequestOverhead;
        if (document.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                var text = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content)
                    ? TextOf(content)
                    : "";
                promptTokens += PerMessageOverhead + EstimateTokens(text);
                if (message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("role", out var role)
                    && role.ValueKind == JsonValueKind.String
                    && role.ValueEquals("user"u8))
                {
                    lastUserText = text;
                }
            }
        }

        var reply = Prefix + lastUserText;
        return new MockReply(reply, promptTokens, Math.Max(1, EstimateTokens(reply)));
    }

    public static int EstimateTokens(string text) => (text.Length + 3) / 4;

    /// <summary>Stream pieces, one per word with its leading spaces: concatenated they are exactly the content.</summary>
    public static List<string> SplitIntoChunks(string content)
    {
        var chunks = new List<string>();
        var start = 0;
        for (var i = 1; i <= content.Length; i++)
        {
            // A new piece begins where a word begins after whitespace.
            if (i == content.Length || (char.IsWhiteSpace(content[i - 1]) && !char.IsWhiteSpace(content[i]) && HasNonSpace(content, start, i - 1)))
            {
                chunks.Add(content[start..i]);
                start = i;
            }
        }

        return chunks;
    }

    private static bool HasNonSpace(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A string content, or the text parts of a content-part array joined by spaces.</summary>
    private static string TextOf(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object
                        && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("text"u8)
                        && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                    {
                        if (text.Length > 0)
                        {
                            text.Append(' ');
                        }

                        text.Append(partText.GetString());
                    }
                }

                return text.ToString();
            default:
                return "";
        }
    }
}
