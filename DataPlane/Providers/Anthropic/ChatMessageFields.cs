using System.Text.Json;

namespace DataPlane.Providers.Anthropic;

/// <summary>One OpenAI chat message's fields, as ranges of the message's JSON.</summary>
internal readonly record struct ChatMessageFields(ChatMessageRole Role, Range? Content, Range? ToolCalls, Range? ToolCallId)
{
    public static ChatMessageFields Read(ReadOnlySpan<byte> message)
    {
        var fields = default(ChatMessageFields);
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                fields = fields with
                {
                    Role = reader.TokenType != JsonTokenType.String ? ChatMessageRole.Unknown
                        : reader.ValueTextEquals("user"u8) ? ChatMessageRole.User
                        : reader.ValueTextEquals("assistant"u8) ? ChatMessageRole.Assistant
                        : reader.ValueTextEquals("system"u8) ? ChatMessageRole.System
                        : reader.ValueTextEquals("developer"u8) ? ChatMessageRole.Developer
                        : reader.ValueTextEquals("tool"u8) ? ChatMessageRole.Tool
                        : ChatMessageRole.Unknown,
                };
                continue;
            }

            var which = reader.ValueTextEquals("content"u8) ? 1 : reader.ValueTextEquals("tool_calls"u8) ? 2 : reader.ValueTextEquals("tool_call_id"u8) ? 3 : 0;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            Range range = start..(int)reader.BytesConsumed;
            fields = which switch
            {
                1 => fields with { Content = range },
                2 => fields with { ToolCalls = range },
                3 => fields with { ToolCallId = range },
                _ => fields,
            };
        }

        return fields;
    }
}
