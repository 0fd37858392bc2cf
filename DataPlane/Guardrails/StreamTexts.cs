using System.Text;
using System.Text.Json;
using DataPlane.Providers.Sse;

namespace DataPlane.Guardrails;

/// <summary>
/// A streamed answer's text, assembled from the SSE the client got (OpenAI chunks, whatever the provider: adapters
/// translate to them): per choice index, <c>choices[].delta.content</c> or <c>choices[].text</c> concatenated.
/// </summary>
internal static class StreamTexts
{
    public static List<string> Assemble(ReadOnlySpan<byte> sse)
    {
        var byChoice = new SortedDictionary<int, StringBuilder>();
        while (SseParser.TryReadEvent(sse, out var consumed, out var sseEvent))
        {
            sse = sse[consumed..];
            var data = sseEvent.Data;
            if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
            {
                continue;
            }

            try
            {
                using var chunk = JsonDocument.Parse(data.ToArray());
                if (chunk.RootElement.ValueKind != JsonValueKind.Object || !chunk.RootElement.TryGetProperty("choices", out var choices)
                    || choices.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var choice in choices.EnumerateArray())
                {
                    var index = choice.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
                    string? piece = null;
                    if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
                        && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                    {
                        piece = content.GetString();
                    }
                    else if (choice.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        piece = text.GetString();
                    }

                    if (!string.IsNullOrEmpty(piece))
                    {
                        (byChoice.TryGetValue(index, out var builder) ? builder : byChoice[index] = new StringBuilder()).Append(piece);
                    }
                }
            }
            catch (JsonException)
            {
                // Not a JSON chunk (an error event's text, a comment): no answer text in it.
            }
        }

        var texts = new List<string>(byChoice.Count);
        foreach (var builder in byChoice.Values)
        {
            texts.Add(builder.ToString());
        }

        return texts;
    }
}
