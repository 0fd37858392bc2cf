using System.Text;
using System.Text.Json;
using DataPlane.Inference;
using Microsoft.ML.Tokenizers;

namespace DataPlane.Providers.Tokens;

/// <summary>
/// Counts tokens where an upstream reports none, with OpenAI's <c>o200k_base</c> encoding (exact for
/// current OpenAI models, an estimate for others). The tokenizer (~10 MB of data) loads once, lazily,
/// on the first request that needs it — never on the path of requests whose upstream reports usage.
/// Chat prompts follow OpenAI's accounting: 3 tokens per message, 1 per name, 3 to prime the reply.
/// </summary>
internal sealed class TokenCounter
{
    private const int PerMessage = 3;
    private const int PerName = 1;
    private const int ReplyPriming = 3;

    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.Value.CountTokens(text);

    public int CountUtf8(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? 0 : Count(Encoding.UTF8.GetString(utf8));

    /// <summary>The prompt of a request in OpenAI's format (whatever adapter serves it).</summary>
    public int CountPrompt(InferenceRequest request)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            var root = document.RootElement;
            return request.Operation switch
            {
                InferenceOperation.ChatCompletions => CountMessages(root),
                InferenceOperation.Completions => root.TryGetProperty("prompt", out var prompt) ? CountItems(prompt) : 0,
                InferenceOperation.Embeddings => root.TryGetProperty("input", out var input) ? CountItems(input) : 0,
                InferenceOperation.ImageGenerations => root.TryGetProperty("prompt", out var imagePrompt) ? CountItems(imagePrompt) : 0,
                _ => 0,
            };
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private int CountMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var total = ReplyPriming;
        foreach (var message in messages.EnumerateArray())
        {
            total += PerMessage;
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in message.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "role":
                        total += CountItems(property.Value);
                        break;
                    case "name":
                        total += PerName + CountItems(property.Value);
                        break;
                    case "content":
                        total += CountContent(property.Value);
                        break;
                    case "tool_calls":
                    case "function_call":
                        total += Count(property.Value.GetRawText());
                        break;
                }
            }
        }

        // Tool definitions are part of the prompt the model sees; their JSON is a fair estimate.
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            total += Count(tools.GetRawText());
        }

        return total;
    }

    private int CountContent(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return CountItems(content);
        }

        var total = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text))
            {
                total += CountItems(text);
            }
        }

        return total;
    }

    /// <summary>A string, an array of strings, or token arrays (counted as they are).</summary>
    private int CountItems(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return Count(value.GetString()!);
            case JsonValueKind.Number:
                return 1;
            case JsonValueKind.Array:
                var total = 0;
                foreach (var item in value.EnumerateArray())
                {
                    total += CountItems(item);
                }

                return total;
            default:
                return 0;
        }
    }
}
