using System.Text;
using System.Text.Json;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Anthropic;

/// <summary>
/// A non-streamed Anthropic message (<c>{"id","type":"message","content":[…],"stop_reason","usage"}</c>) read with
/// one <see cref="Utf8JsonReader"/> pass: text blocks concatenated into the content, <c>tool_use</c> blocks into
/// tool calls (<c>arguments</c> = the JSON text of <c>input</c>); <c>thinking</c> and other blocks are not part of
/// OpenAI's answer and are skipped.
/// </summary>
internal static class AnthropicResponseReader
{
    /// <returns>False when the body is not an Anthropic message (<paramref name="why"/> says what is wrong).</returns>
    public static bool TryRead(ReadOnlySpan<byte> body, out string? id, out AssistantMessage message, out string? stopReason, out ReportedUsage usage, out string? why)
    {
        id = null;
        stopReason = null;
        usage = default;
        message = new AssistantMessage(null, []);
        string? text = null;
        StringBuilder? texts = null;
        List<ToolCall>? toolCalls = null;
        var sawContent = false;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                why = "the answer is not a JSON object";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("stop_reason"u8))
                {
                    reader.Read();
                    stopReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage = AnthropicUsageReader.Read(ref reader);
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        reader.Skip();
                        continue;
                    }

                    sawContent = true;
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadBlock(ref reader, body, ref text, ref texts, ref toolCalls);
                    }
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
            why = "the answer is not valid JSON";
            return false;
        }

        if (!sawContent)
        {
            why = "the answer has no 'content' array";
            return false;
        }

        message = new AssistantMessage(texts?.ToString() ?? text, toolCalls is null ? [] : toolCalls);
        why = null;
        return true;
    }

    private static void ReadBlock(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref string? text, ref StringBuilder? texts, ref List<ToolCall>? toolCalls)
    {
        string? type = null, blockText = null, toolId = null, toolName = null, input = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("text"u8) ? "text"
                    : reader.ValueTextEquals("tool_use"u8) ? "tool_use"
                    : "other";
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                blockText = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                toolId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                toolName = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                input = Encoding.UTF8.GetString(body[start..(int)reader.BytesConsumed]);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (type == "text" && !string.IsNullOrEmpty(blockText))
        {
            if (text is null)
            {
                text = blockText;
            }
            else
            {
                (texts ??= new StringBuilder(text)).Append(blockText);
            }
        }
        else if (type == "tool_use" && toolId is not null && toolName is not null)
        {
            (toolCalls ??= []).Add(new ToolCall(toolId, toolName, input ?? "{}"));
        }
    }
}
