using System.Text.Json;
using DataPlane.Providers;
using DataPlane.Providers.Http;

namespace DataPlane.Guardrails;

/// <summary>
/// The texts output guardrails read from a non-streamed answer — <c>choices[].message.content</c> (chat) and
/// <c>choices[].text</c> (completions), strings only — and the answer rewritten: those texts replaced in the same order
/// (redaction) and/or <c>hook_results</c> added at the top level.
/// </summary>
internal static class ResponseTexts
{
    /// <summary>The texts, or null when the body is not a JSON object (nothing to guard).</summary>
    public static List<string>? Extract(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var texts = new List<string>(1);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != "choices" || property.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var choice in property.Value.EnumerateArray())
                {
                    Visit(choice, text => texts.Add(text.GetString()!));
                }
            }

            return texts;
        }
    }

    /// <param name="replacements">Null: the texts stay as they are.</param>
    /// <param name="hooks">Null: no <c>hook_results</c> added.</param>
    public static PooledBuffer Rewrite(ReadOnlyMemory<byte> body, IReadOnlyList<string>? replacements, HookResults? hooks)
    {
        using var document = JsonDocument.Parse(body);
        var output = new PooledBuffer(body.Length + 512);
        using var writer = new Utf8JsonWriter(output, WireJson.WriterOptions);
        var next = 0;
        writer.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "hook_results" && hooks is not null)
            {
                continue;
            }

            writer.WritePropertyName(property.Name);
            if (property.Name != "choices" || replacements is null || property.Value.ValueKind != JsonValueKind.Array)
            {
                property.Value.WriteTo(writer);
                continue;
            }

            writer.WriteStartArray();
            foreach (var choice in property.Value.EnumerateArray())
            {
                WriteChoice(writer, choice, replacements, ref next);
            }

            writer.WriteEndArray();
        }

        if (hooks is not null)
        {
            writer.WritePropertyName("hook_results");
            hooks.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.Flush();
        return output;
    }

    private static void Visit(JsonElement choice, Action<JsonElement> text)
    {
        if (choice.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var field in choice.EnumerateObject())
        {
            if (field.Name == "text" && field.Value.ValueKind == JsonValueKind.String)
            {
                text(field.Value);
            }
            else if (field.Name == "message" && field.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var messageField in field.Value.EnumerateObject())
                {
                    if (messageField.Name == "content" && messageField.Value.ValueKind == JsonValueKind.String)
                    {
                        text(messageField.Value);
                    }
                }
            }
        }
    }

    private static void WriteChoice(Utf8JsonWriter writer, JsonElement choice, IReadOnlyList<string> replacements, ref int next)
    {
        if (choice.ValueKind != JsonValueKind.Object)
        {
            choice.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var field in choice.EnumerateObject())
        {
            writer.WritePropertyName(field.Name);
            if (field.Name == "text" && field.Value.ValueKind == JsonValueKind.String)
            {
                WriteNext(writer, replacements, ref next, field.Value);
            }
            else if (field.Name == "message" && field.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WriteStartObject();
                foreach (var messageField in field.Value.EnumerateObject())
                {
                    writer.WritePropertyName(messageField.Name);
                    if (messageField.Name == "content" && messageField.Value.ValueKind == JsonValueKind.String)
                    {
                        WriteNext(writer, replacements, ref next, messageField.Value);
                    }
                    else
                    {
                        messageField.Value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }
            else
            {
                field.Value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

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
