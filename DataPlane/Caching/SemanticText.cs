using System.Text;
using System.Text.Json;

namespace DataPlane.Caching;

/// <summary>The text a semantic lookup embeds: a short chat's non-system messages, one line per message.</summary>
internal static class SemanticText
{
    /// <summary>Longer conversations differ in too many ways for one vector to stand for them: exact cache only.</summary>
    public const int MaxMessages = 4;

    /// <summary>The text, or null when the body has no messages, more than <see cref="MaxMessages"/>, or no text at all.</summary>
    public static string? From(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("messages", out var messages)
                || messages.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var text = new StringBuilder();
            var counted = 0;
            foreach (var message in messages.EnumerateArray())
            {
                var role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String
                    ? r.GetString()!
                    : "";
                // The system prompt is the same for every user of an app: it would pull all vectors together.
                if (role is "system" or "developer")
                {
                    continue;
                }

                if (++counted > MaxMessages)
                {
                    return null;
                }

                text.Append(role).Append(": ");
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content))
                {
                    AppendContent(text, content);
                }

                text.Append('\n');
            }

            return counted == 0 ? null : text.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void AppendContent(StringBuilder text, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            text.Append(content.GetString());
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
            {
                text.Append(partText.GetString()).Append(' ');
            }
        }
    }
}
