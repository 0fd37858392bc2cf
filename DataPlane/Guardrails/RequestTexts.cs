using System.Text.Json;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Providers.Http;

namespace DataPlane.Guardrails;

/// <summary>
/// The texts input guardrails read, in a fixed order — chat <c>messages[].content</c> strings and <c>{"type":"text"}</c>
/// parts; completions and images <c>prompt</c>; embeddings <c>input</c> (strings; token arrays are not text) — and the
/// body rewritten with replacements in that same order (redaction). Everything else is copied as it was.
/// </summary>
internal static class RequestTexts
{
    public static List<string> Extract(InferenceOperation operation, ReadOnlyMemory<byte> body)
    {
        var texts = new List<string>(4);
        using var document = JsonDocument.Parse(body);
        var field = Field(operation);
        // Walked exactly as Rewrite walks (every property, duplicates included), so the n-th text is the n-th replacement.
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name != field)
            {
                continue;
            }

            if (operation != InferenceOperation.ChatCompletions)
            {
                AddStrings(property.Value, texts);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in property.Value.EnumerateArray())
                {
                    if (message.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    foreach (var messageProperty in message.EnumerateObject())
                    {
                        if (messageProperty.Name == "content")
                        {
                            AddContent(messageProperty.Value, texts);
                        }
                    }
                }
            }
        }

        return texts;
    }

    /// <summary>The body with the texts replaced by <paramref name="replacements"/> (same count and order as <see cref="Extract"/>).</summary>
    public static PooledBuffer Rewrite(InferenceOperation operation, ReadOnlyMemory<byte> body, IReadOnlyList<string> replacements)
    {
        using var document = JsonDocument.Parse(body);
        var output = new PooledBuffer(body.Length + 256);
        using var writer = new Utf8JsonWriter(output, WireJson.WriterOptions);
        var field = Field(operation);
        var next = 0;
        writer.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (property.Name != field)
            {
                property.Value.WriteTo(writer);
            }
            else if (operation == InferenceOperation.ChatCompletions)
            {
                WriteMessages(writer, property.Value, replacements, ref next);
            }
            else
            {
                WriteStrings(writer, property.Value, replacements, ref next);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return output;
    }

    private static string Field(InferenceOperation operation) => operation switch
    {
        InferenceOperation.ChatCompletions => "messages",
        InferenceOperation.Embeddings => "input",
        _ => "prompt",
    };

    private static void AddContent(JsonElement content, List<string> texts)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            texts.Add(content.GetString()!);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (IsTextPart(part, out var text))
                {
                    texts.Add(text.GetString()!);
                }
            }
        }
    }

    private static void AddStrings(JsonElement items, List<string> texts)
    {
        if (items.ValueKind == JsonValueKind.String)
        {
            texts.Add(items.GetString()!);
        }
        else if (items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    texts.Add(item.GetString()!);
                }
            }
        }
    }

    private static bool IsTextPart(JsonElement part, out JsonElement text)
    {
        text = default;
        return part.ValueKind == JsonValueKind.Object
            && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("text"u8)
            && part.TryGetProperty("text", out text) && text.ValueKind == JsonValueKind.String;
    }

    private static void WriteMessages(Utf8JsonWriter writer, JsonElement messages, IReadOnlyList<string> replacements, ref int next)
    {
        if (messages.ValueKind != JsonValueKind.Array)
        {
            messages.WriteTo(writer);
            return;
        }

        writer.WriteStartArray();
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                message.WriteTo(writer);
                continue;
            }

            writer.WriteStartObject();
            foreach (var property in message.EnumerateObject())
            {
                writer.WritePropertyName(property.Name);
                if (property.Name == "content")
                {
                    WriteContent(writer, property.Value, replacements, ref next);
                }
                else
                {
                    property.Value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteContent(Utf8JsonWriter writer, JsonElement content, IReadOnlyList<string> replacements, ref int next)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteNext(writer, replacements, ref next, content);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            content.WriteTo(writer);
            return;
        }

        writer.WriteStartArray();
        foreach (var part in content.EnumerateArray())
        {
            if (!IsTextPart(part, out _))
            {
                part.WriteTo(writer);
                continue;
            }

            writer.WriteStartObject();
            foreach (var property in part.EnumerateObject())
            {
                writer.WritePropertyName(property.Name);
                if (property.Name == "text")
                {
                    WriteNext(writer, replacements, ref next, property.Value);
                }
                else
                {
                    property.Value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, JsonElement items, IReadOnlyList<string> replacements, ref int next)
    {
        if (items.ValueKind == JsonValueKind.String)
        {
            WriteNext(writer, replacements, ref next, items);
            return;
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            items.WriteTo(writer);
            return;
        }

        writer.WriteStartArray();
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                WriteNext(writer, replacements, ref next, item);
            }
            else
            {
                item.WriteTo(writer);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>The next replacement; the original where the walk finds more texts than were extracted (it never should).</summary>
    private static void WriteNext(Utf8JsonWriter writer, IReadOnlyList<string> replacements, ref int next, JsonElement original)
    {
        if (next < replacements.Count)
        {
            writer.WriteStringValue(replacements[next++]);
        }
        else
        {
            original.WriteTo(writer);
        }
    }
}
