using System.Buffers;
using System.Text.Json;

namespace DataPlane.Caching;

/// <summary>
/// A request body in a canonical form for cache keys: fields that do not change the answer dropped
/// (<c>stream</c>, <c>stream_options</c>, <c>user</c>, <c>metadata</c>; <c>model</c> is keyed separately),
/// object keys sorted (ordinal) at every depth, written compactly.
/// </summary>
internal static class RequestNormaliser
{
    private static readonly string[] Ignored = ["model", "stream", "stream_options", "user", "metadata"];

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>Writes the canonical form of <paramref name="root"/> (a JSON object), leaving out <paramref name="alsoIgnore"/> at the top level.</summary>
    public static void Write(JsonElement root, IBufferWriter<byte> output, string? alsoIgnore = null)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        foreach (var property in Sorted(root))
        {
            if (Array.IndexOf(Ignored, property.Name) >= 0 || property.Name == alsoIgnore)
            {
                continue;
            }

            writer.WritePropertyName(property.Name);
            WriteValue(writer, property.Value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in Sorted(value))
                {
                    writer.WritePropertyName(property.Name);
                    WriteValue(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                // Strings re-escaped the same way whatever the client's escaping; numbers as written.
                value.WriteTo(writer);
                break;
        }
    }

    private static List<JsonProperty> Sorted(JsonElement element)
    {
        var properties = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            properties.Add(property);
        }

        properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return properties;
    }
}
