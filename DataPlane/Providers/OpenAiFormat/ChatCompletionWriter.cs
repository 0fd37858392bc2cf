using System.Text.Json;

namespace DataPlane.Providers.OpenAiFormat;

/// <summary>
/// OpenAI's <c>chat.completion</c> and <c>chat.completion.chunk</c> shapes, for adapters that build
/// answers rather than relay them (mock, Anthropic, Gemini…): text or tool-call answers, their stream
/// chunks, and usage with <c>prompt_tokens_details.cached_tokens</c> when the provider reported cached input.
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

    /// <summary>
    /// A complete answer: <c>message.content</c> is null when the model only called tools, <c>tool_calls</c>
    /// appears only when there are some (OpenAI omits it otherwise).
    /// </summary>
    public static void WriteCompletion(Utf8JsonWriter writer, string id, long created, string model, AssistantMessage message, string finishReason, UsageReport usage)
    {
        writer.WriteStartObject();
        WriteHeader(writer, id, "chat.completion", created, model);
        writer.WriteStartArray("choices");
        WriteChoice(writer, 0, message, finishReason);
        writer.WriteEndArray();
        WriteUsage(writer, usage);
        writer.WriteEndObject();
    }

    /// <summary>One <c>choices[]</c> entry of a complete answer (several when a provider returns several candidates).</summary>
    public static void WriteChoice(Utf8JsonWriter writer, int index, AssistantMessage message, string finishReason)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", index);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        if (message.Content is null)
        {
            writer.WriteNull("content");
        }
        else
        {
            writer.WriteString("content", message.Content);
        }

        if (message.ToolCalls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in message.ToolCalls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.Id);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", call.Name);
                writer.WriteString("arguments", call.ArgumentsJson);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteNull("refusal");
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", finishReason);
        writer.WriteEndObject();
    }

    /// <summary>
    /// OpenAI's streaming tool-call delta for call <paramref name="index"/>: the first delta of a call carries
    /// <paramref name="toolCallId"/>, <c>type</c> and <paramref name="name"/> with <c>arguments: ""</c>
    /// (<paramref name="argumentsDelta"/> when given); later ones only <c>function.arguments</c> (pass null id and name).
    /// </summary>
    public static void WriteToolCallChunk(Utf8JsonWriter writer, string id, long created, string model, int index, string? toolCallId, string? name, string? argumentsDelta)
    {
        writer.WriteStartObject();
        WriteHeader(writer, id, "chat.completion.chunk", created, model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        writer.WriteStartArray("tool_calls");
        writer.WriteStartObject();
        writer.WriteNumber("index", index);
        var first = toolCallId is not null;
        if (first)
        {
            writer.WriteString("id", toolCallId);
            writer.WriteString("type", "function");
        }

        writer.WriteStartObject("function");
        if (first)
        {
            writer.WriteString("name", name ?? string.Empty);
        }

        writer.WriteString("arguments", argumentsDelta ?? string.Empty);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteNull("finish_reason");
        writer.WriteEndObject();
        writer.WriteEndArray();
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
        if (usage.CachedTokens > 0)
        {
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", usage.CachedTokens);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
