using System.Text;
using System.Text.Json;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// A Converse answer (<c>{"output":{"message":{"role":"assistant","content":[…]}},"stopReason","usage","metrics"}</c>) →
/// the assistant message: <c>text</c> blocks concatenated, <c>toolUse</c> blocks as tool calls (<c>arguments</c> = the JSON
/// text of <c>input</c>); reasoning and other blocks are not part of OpenAI's answer and are skipped.
/// </summary>
internal static class ConverseResponseReader
{
    /// <returns>False when the body is not a Converse answer (<paramref name="why"/> says what is wrong).</returns>
    public static bool TryRead(ReadOnlySpan<byte> body, out AssistantMessage message, out string? stopReason, out ReportedUsage usage, out string? why)
    {
        message = new AssistantMessage(null, []);
        stopReason = null;
        usage = default;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Object
                || !output.TryGetProperty("message", out var converseMessage) || !converseMessage.TryGetProperty("content", out var content)
                || content.ValueKind != JsonValueKind.Array)
            {
                why = "the answer has no 'output.message.content' array";
                return false;
            }

            StringBuilder? text = null;
            var toolCalls = new List<ToolCall>();
            foreach (var block in content.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (block.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    (text ??= new StringBuilder()).Append(t.GetString());
                }
                else if (block.TryGetProperty("toolUse", out var toolUse) && toolUse.ValueKind == JsonValueKind.Object
                    && toolUse.TryGetProperty("toolUseId", out var id) && id.ValueKind == JsonValueKind.String
                    && toolUse.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    var input = toolUse.TryGetProperty("input", out var i) && i.ValueKind == JsonValueKind.Object ? i.GetRawText() : "{}";
                    toolCalls.Add(new ToolCall(id.GetString()!, name.GetString()!, input));
                }
            }

            stopReason = root.TryGetProperty("stopReason", out var stop) && stop.ValueKind == JsonValueKind.String ? stop.GetString() : null;
            usage = root.TryGetProperty("usage", out var u) ? BedrockUsageReader.Read(u) : default;
            message = new AssistantMessage(text?.ToString(), toolCalls);
            why = null;
            return true;
        }
        catch (JsonException)
        {
            why = "the answer is not valid JSON";
            return false;
        }
    }
}
