using System.Text.Json;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.OpenAiFormat;

/// <summary>
/// Reads a <c>usage</c> object in its OpenAI variants: chat/completions/embeddings
/// (<c>prompt_tokens</c>, <c>completion_tokens</c>, <c>prompt_tokens_details.cached_tokens</c>), images and
/// responses (<c>input_tokens</c>, <c>output_tokens</c>, <c>input_tokens_details.cached_tokens</c>), and
/// DeepSeek's <c>prompt_cache_hit_tokens</c>.
/// </summary>
internal static class OpenAiUsageReader
{
    /// <param name="reader">On the usage value (an object; anything else reads as nothing); left on its end.</param>
    public static ReportedUsage Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        int? prompt = null, completion = null, cached = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                prompt = Int(ref reader) ?? prompt;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8))
            {
                reader.Read();
                completion = Int(ref reader) ?? completion;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8))
            {
                reader.Read();
                cached = CachedTokens(ref reader) ?? cached;
            }
            else if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8))
            {
                reader.Read();
                cached = Int(ref reader) ?? cached;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ReportedUsage(prompt, completion, cached);
    }

    private static int? CachedTokens(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? cached = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCached = reader.ValueTextEquals("cached_tokens"u8);
            reader.Read();
            if (isCached)
            {
                cached = Int(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return cached;
    }

    private static int? Int(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;
}
