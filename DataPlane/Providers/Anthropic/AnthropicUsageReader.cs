using System.Text.Json;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Anthropic;

/// <summary>
/// Anthropic's <c>usage</c> object → OpenAI's counts. Anthropic's <c>input_tokens</c> excludes cached input, so
/// the prompt is <c>input_tokens + cache_read_input_tokens + cache_creation_input_tokens</c> and the cached part
/// is <c>cache_read_input_tokens</c>; completion is <c>output_tokens</c>. Fields absent stay unknown (null), so a
/// <c>message_delta</c> that reports only <c>output_tokens</c> does not erase the prompt count of <c>message_start</c>.
/// </summary>
internal static class AnthropicUsageReader
{
    /// <param name="reader">On the usage value (an object; anything else reads as nothing); left on its end.</param>
    public static ReportedUsage Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        int? input = null, output = null, cacheRead = null, cacheCreation = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                input = Int(ref reader) ?? input;
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                reader.Read();
                output = Int(ref reader) ?? output;
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                reader.Read();
                cacheRead = Int(ref reader) ?? cacheRead;
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                reader.Read();
                cacheCreation = Int(ref reader) ?? cacheCreation;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        int? prompt = input is null && cacheRead is null && cacheCreation is null ? null : (input ?? 0) + (cacheRead ?? 0) + (cacheCreation ?? 0);
        return new ReportedUsage(prompt, output, cacheRead);
    }

    private static int? Int(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;
}
