using System.Text.Json;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.OpenAiFormat;

/// <summary>
/// One forward pass over an OpenAI stream chunk (chat, completions, or any JSON event with <c>usage</c>):
/// reports usage and appends the streamed text (<c>delta.content</c>, <c>delta.refusal</c>, tool-call
/// arguments, completions' <c>text</c>) to the accumulator, for counting when no usage comes.
/// </summary>
internal static class OpenAiChunkReader
{
    public static ChunkInfo Read(ReadOnlySpan<byte> json, UsageAccumulator usage)
    {
        var reader = new Utf8JsonReader(json);
        var choices = 0;
        var hasUsage = false;
        var isError = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    choices = ReadChoices(ref reader, usage);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    hasUsage |= ReadUsage(ref reader, usage);
                }
                else if (reader.ValueTextEquals("x_groq"u8))
                {
                    reader.Read();
                    hasUsage |= ReadNestedUsage(ref reader, usage);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    isError = true;
                    reader.Read();
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A malformed chunk is relayed as it came; it just teaches us nothing.
        }

        return new ChunkInfo(choices, hasUsage, isError);
    }

    private static bool ReadUsage(ref Utf8JsonReader reader, UsageAccumulator usage)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        usage.Report(OpenAiUsageReader.Read(ref reader));
        return true;
    }

    private static bool ReadNestedUsage(ref Utf8JsonReader reader, UsageAccumulator usage)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("usage"u8);
            reader.Read();
            if (isUsage)
            {
                found |= ReadUsage(ref reader, usage);
            }
            else
            {
                reader.Skip();
            }
        }

        return found;
    }

    private static int ReadChoices(ref Utf8JsonReader reader, UsageAccumulator usage)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader, usage);
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    usage.AppendString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        return count;
    }

    private static void ReadDelta(ref Utf8JsonReader reader, UsageAccumulator usage)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                usage.AppendString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader, usage);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, UsageAccumulator usage)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFunction = reader.ValueTextEquals("function"u8);
                reader.Read();
                if (!isFunction || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isText = reader.ValueTextEquals("name"u8) || reader.ValueTextEquals("arguments"u8);
                    reader.Read();
                    if (isText)
                    {
                        usage.AppendString(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
    }
}
