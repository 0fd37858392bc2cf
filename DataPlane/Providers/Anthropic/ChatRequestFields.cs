using System.Text.Json;

namespace DataPlane.Providers.Anthropic;

/// <summary>The top-level fields of an OpenAI chat request that the Anthropic translation reads, as ranges of the body (one reader pass).</summary>
internal readonly record struct ChatRequestFields(
    Range? Messages, Range? Tools, Range? ToolChoice, Range? ParallelToolCalls, Range? Stop, Range? Temperature, Range? TopP, Range? TopK,
    Range? MaxTokens, Range? MaxCompletionTokens, Range? User, Range? ResponseFormat, Range? N, Range? Thinking)
{
    public static ChatRequestFields Read(ReadOnlySpan<byte> body)
    {
        var fields = default(ChatRequestFields);
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (escaped)
            {
                continue; // no field the translation reads is spelled with escapes
            }

            Range range = start..(int)reader.BytesConsumed;
            fields = name switch
            {
                _ when name.SequenceEqual("messages"u8) => fields with { Messages = range },
                _ when name.SequenceEqual("tools"u8) => fields with { Tools = range },
                _ when name.SequenceEqual("tool_choice"u8) => fields with { ToolChoice = range },
                _ when name.SequenceEqual("parallel_tool_calls"u8) => fields with { ParallelToolCalls = range },
                _ when name.SequenceEqual("stop"u8) => fields with { Stop = range },
                _ when name.SequenceEqual("temperature"u8) => fields with { Temperature = range },
                _ when name.SequenceEqual("top_p"u8) => fields with { TopP = range },
                _ when name.SequenceEqual("top_k"u8) => fields with { TopK = range },
                _ when name.SequenceEqual("max_tokens"u8) => fields with { MaxTokens = range },
                _ when name.SequenceEqual("max_completion_tokens"u8) => fields with { MaxCompletionTokens = range },
                _ when name.SequenceEqual("user"u8) => fields with { User = range },
                _ when name.SequenceEqual("response_format"u8) => fields with { ResponseFormat = range },
                _ when name.SequenceEqual("n"u8) => fields with { N = range },
                _ when name.SequenceEqual("thinking"u8) => fields with { Thinking = range },
                _ => fields,
            };
        }

        return fields;
    }
}
