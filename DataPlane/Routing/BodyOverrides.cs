using System.Collections.Frozen;
using System.Text.Json;
using DataPlane.Providers.Http;

namespace DataPlane.Routing;

/// <summary>
/// <c>override_params</c> applied to the client's body: each top-level field the config names replaces the client's
/// (or is added); every other field is copied byte for byte. <c>model</c> never comes here (it picks the target's model).
/// </summary>
internal static class BodyOverrides
{
    /// <param name="body">A JSON object already validated by the request parser.</param>
    public static PooledBuffer Apply(ReadOnlySpan<byte> body, FrozenDictionary<string, JsonElement> overrides)
    {
        var output = new PooledBuffer(body.Length + 256);
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            if (!overrides.ContainsKey(name))
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(body[valueStart..(int)reader.BytesConsumed], skipInputValidation: true);
            }
        }

        foreach (var (name, value) in overrides)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.Flush();
        return output;
    }
}
