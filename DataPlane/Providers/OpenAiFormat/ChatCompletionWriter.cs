using System.Text.Json;

namespace DataPlane.Providers.OpenAiFormat;

/// <summary>
/// OpenAI's <c>chat.completion</c> and <c>chat.completion.chunk</c> shapes, for adapters that build
/// answers rather than relay them (mock now; Anthropic, Gemini… map into these later).
/// </summary>
internal static class ChatCompletionWriter
{
    public static void WriteCompletion(Utf8JsonWriter writer, string id, long created, string model, string content, UsageReport usage)
    {
        writer.WriteStartObject();
        WriteHeader(writer, id, "chat.completion", created, model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", content);
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", "stop");
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteUsage(writer, usage);
        writer.WriteEndObject();
    }

    /// <summary>A chunk with one choice: a delta (role and/or content) or, with <paramref name="finishReason"/>, the end.</summary>
    public static void WriteChunk(Utf8JsonWriter writer, string id, long created, string model, string? role, string? content, string? finishReason)
    {
        writer.WriteStartObject();
        WriteHeader(writer, id, "chat.completion.chunk", created, model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        if (role is not null)
        {
            writer.WriteString("role", role);
        }

        if (content is not null)
        {
            writer.WriteString("content", content);
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        if (finishReason is null)
        {
            writer.WriteNull("finish_reason");
        }
        else
        {
            writer.WriteString("finish_reason", finishReason);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The final usage chunk of <c>stream_options.include_usage</c>: empty choices.</summary>
    public static void WriteUsageChunk(Utf8JsonWriter writer, string id, long created, string model, UsageReport usage)
    {
        writer.WriteStartObject();
        WriteHeader(writer, id, "chat.completion.chunk", created, model);
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        WriteUsage(writer, usage);
        writer.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter writer, string id, string objectType, long created, string model)
    {
        writer.WriteString("id", id);
        writer.WriteString("object", objectType);
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
    }

    private static void WriteUsage(Utf8JsonWriter writer, UsageReport usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.PromptTokens);
        writer.WriteNumber("completion_tokens", usage.CompletionTokens);
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteEndObject();
    }
}
