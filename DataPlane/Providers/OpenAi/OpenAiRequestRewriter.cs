using System.Text.Json;
using DataPlane.Providers.Http;

namespace DataPlane.Providers.OpenAi;

/// <summary>
/// The client's body with only what must change: <c>model</c> becomes the target's model id (the client sent
/// <c>@slug/model</c>), and a stream gets <c>stream_options.include_usage: true</c> when the gateway asks for
/// usage. Every other byte is copied as it came (positions found with <see cref="Utf8JsonReader"/>, edits
/// spliced into a pooled buffer): no reflection, no re-serialisation of what the gateway does not read.
/// </summary>
internal static class OpenAiRequestRewriter
{
    private static ReadOnlySpan<byte> IncludeUsageProperty => ",\"stream_options\":{\"include_usage\":true}"u8;
    private static ReadOnlySpan<byte> IncludeUsageObject => "{\"include_usage\":true}"u8;

    /// <param name="body">A JSON object already validated by the request parser.</param>
    /// <returns>The rewritten body, or null when the client's bytes can go unchanged.</returns>
    public static PooledBuffer? Rewrite(ReadOnlySpan<byte> body, string clientModel, string targetModel, bool addIncludeUsage)
    {
        var replaceModel = !string.Equals(clientModel, targetModel, StringComparison.Ordinal);
        if (!replaceModel && !addIncludeUsage)
        {
            return null;
        }

        int modelStart = -1, modelEnd = -1, optionsStart = -1, optionsEnd = -1, objectEnd = -1;
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                objectEnd = (int)reader.TokenStartIndex;
                break;
            }

            var isModel = reader.ValueTextEquals("model"u8);
            var isOptions = !isModel && reader.ValueTextEquals("stream_options"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            if (isModel)
            {
                (modelStart, modelEnd) = (start, end);
            }
            else if (isOptions)
            {
                (optionsStart, optionsEnd) = (start, end);
            }
        }

        var output = new PooledBuffer(body.Length + targetModel.Length + IncludeUsageProperty.Length + 16);
        var position = 0;
        // Edits in body order: model and stream_options may come in either order; the insertion is last.
        if (replaceModel && (!addIncludeUsage || optionsStart < 0 || modelStart < optionsStart))
        {
            position = CopyModel(body, output, position, modelStart, modelEnd, targetModel);
            replaceModel = false;
        }

        if (addIncludeUsage && optionsStart >= 0)
        {
            output.Write(body[position..optionsStart]);
            WriteOptions(body[optionsStart..optionsEnd], output);
            position = optionsEnd;
        }

        if (replaceModel)
        {
            position = CopyModel(body, output, position, modelStart, modelEnd, targetModel);
        }

        if (addIncludeUsage && optionsStart < 0)
        {
            output.Write(body[position..objectEnd]);
            output.Write(IncludeUsageProperty);
            position = objectEnd;
        }

        output.Write(body[position..]);
        return output;
    }

    private static int CopyModel(ReadOnlySpan<byte> body, PooledBuffer output, int position, int modelStart, int modelEnd, string model)
    {
        output.Write(body[position..modelStart]);
        WriteJsonString(output, model);
        return modelEnd;
    }

    private static void WriteJsonString(PooledBuffer output, string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
            {
                using var writer = new Utf8JsonWriter(output, WireJson.WriterOptions);
                writer.WriteStringValue(value);
                return;
            }
        }

        // Plain ASCII (every real model id): no escaping needed.
        var span = output.GetSpan(value.Length + 2);
        span[0] = (byte)'"';
        for (var i = 0; i < value.Length; i++)
        {
            span[i + 1] = (byte)value[i];
        }

        span[value.Length + 1] = (byte)'"';
        output.Advance(value.Length + 2);
    }

    /// <summary>The client's stream_options with include_usage forced on and its other options kept.</summary>
    private static void WriteOptions(ReadOnlySpan<byte> options, PooledBuffer output)
    {
        var reader = new Utf8JsonReader(options);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            output.Write(IncludeUsageObject);
            return;
        }

        output.Write("{"u8);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            reader.Skip();
            if (!isIncludeUsage)
            {
                output.Write(options[start..(int)reader.BytesConsumed]);
                output.Write(","u8);
            }
        }

        output.Write("\"include_usage\":true}"u8);
    }
}
