using System.Text.Json;
using DataPlane.Providers.OpenAiFormat;

namespace DataPlane.Providers.Google;

/// <summary>
/// A Gemini answer as OpenAI's <c>chat.completion</c>. One candidate (the usual case) is written by the shared
/// <see cref="ChatCompletionWriter"/>; several (<c>n</c> &gt; 1 → <c>candidateCount</c>) become one choice each, in the same shape.
/// A prompt blocked before any candidate answers as one choice with empty content and <c>finish_reason: content_filter</c>,
/// which OpenAI clients already handle, rather than as an error: a streamed answer can only end that way, and both agree.
/// </summary>
internal static class GeminiChoicesWriter
{
    public static void Write(Utf8JsonWriter writer, string id, long created, string model, GeminiResponse response, UsageReport usage)
    {
        if (response.Candidates.Count <= 1)
        {
            var candidate = response.Candidates.Count == 1 ? response.Candidates[0] : null;
            var finish = candidate is null
                ? response.BlockReason is null ? FinishReasons.Stop : FinishReasons.ContentFilter
                : candidate.OpenAiFinishReason;
            ChatCompletionWriter.WriteCompletion(writer, id, created, model, MessageOf(candidate), finish, usage);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteStartArray("choices");
        foreach (var candidate in response.Candidates)
        {
            WriteChoice(writer, candidate);
        }

        writer.WriteEndArray();
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
        writer.WriteEndObject();
    }

    /// <summary>Content is null only when the model just called tools; an empty answer is "".</summary>
    public static AssistantMessage MessageOf(GeminiCandidate? candidate) =>
        candidate is null ? new AssistantMessage(string.Empty, [])
            : new AssistantMessage(candidate.Text ?? (candidate.ToolCalls.Count > 0 ? null : string.Empty), candidate.ToolCalls);

    private static void WriteChoice(Utf8JsonWriter writer, GeminiCandidate candidate) =>
        ChatCompletionWriter.WriteChoice(writer, candidate.Index, MessageOf(candidate), candidate.OpenAiFinishReason);
}
