using System.IO.Pipelines;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Google;

/// <summary>
/// Translates Gemini's <c>streamGenerateContent?alt=sse</c> — each <c>data:</c> event a whole <c>GenerateContentResponse</c>
/// with the new parts — into <c>chat.completion.chunk</c>s as events arrive: text → content deltas (the first carries
/// <c>role</c>), each <c>functionCall</c> → one tool-call delta with its whole arguments, usage kept from the latest event.
/// Gemini has no end-of-stream event: the event carrying <c>finishReason</c> (or a prompt <c>blockReason</c>) is the end, so
/// that is where the final chunk, the usage chunk (only when the client asked) and <c>[DONE]</c> are written; an upstream
/// that closes before it is a broken stream (the relay then writes the terminal error event). An <c>error</c> object inside
/// the stream ends it with that error, in OpenAI's shape.
/// </summary>
internal sealed class GeminiStreamHandler(ProviderRequest request, TokenCounter tokens, string model, long created) : SseStreamHandler
{
    private string? _id;
    private bool _roleSent;
    private int _toolCalls;

    public override bool OnEvent(in SseEvent sseEvent, PipeWriter output)
    {
        var data = sseEvent.Data;
        if (data.IsEmpty || data[0] != (byte)'{')
        {
            return false; // comments and keep-alives
        }

        if (Completed)
        {
            // Nothing may follow [DONE]; a late event can still correct the usage that is recorded.
            if (TryRead(data, null) is { } late)
            {
                ReportUsage(late);
            }

            return false;
        }

        var response = TryRead(data, Usage);
        if (response is null)
        {
            return Fail(output, GatewayError.UpstreamInvalidResponse(request.Target.Provider.Slug, "a stream event is not a GenerateContentResponse"));
        }

        if (response.Error is { } error)
        {
            return Fail(output, GeminiErrors.InStream(error, request.Target.Provider));
        }

        ReportUsage(response);
        _id ??= ResponseIds.ChatCompletionId(response.ResponseId);
        var wrote = false;
        var candidate = response.Candidates.Count > 0 ? response.Candidates[0] : null;
        if (candidate?.Text is { Length: > 0 } text)
        {
            ServerSentEvents.WriteJsonEvent(output, new ChunkState(this, _roleSent ? null : "assistant", text, null), WriteChunk);
            _roleSent = true;
            wrote = true;
        }

        foreach (var call in candidate?.ToolCalls ?? [])
        {
            wrote |= WriteRoleOnce(output);
            ServerSentEvents.WriteJsonEvent(output, new ToolCallState(this, _toolCalls++, call), static (writer, state) =>
                ChatCompletionWriter.WriteToolCallChunk(writer, state.Handler._id!, state.Handler.Created, state.Handler.Model, state.Index,
                    state.Call.Id, state.Call.Name, state.Call.ArgumentsJson));
            wrote = true;
        }

        if (response.IsFinished)
        {
            var finish = candidate?.FinishReason is { } reason
                ? GeminiFinishReasons.ToOpenAi(reason, _toolCalls > 0)
                : response.BlockReason is null ? FinishReasons.Stop : FinishReasons.ContentFilter;
            WriteRoleOnce(output);
            ServerSentEvents.WriteJsonEvent(output, new ChunkState(this, null, null, finish), WriteChunk);
            if (request.Request.IncludeUsage)
            {
                var usage = Usage.ToReport(request.Request, tokens, countMissing: true, upstreamLatencyMs: 0, ttftMs: null);
                ServerSentEvents.WriteJsonEvent(output, new UsageState(this, usage), static (writer, state) =>
                    ChatCompletionWriter.WriteUsageChunk(writer, state.Handler._id!, state.Handler.Created, state.Handler.Model, state.Usage));
            }

            ServerSentEvents.WriteDone(output);
            Completed = true;
            wrote = true;
        }

        return wrote;
    }

    private string Model => model;

    private long Created => created;

    private static GeminiResponse? TryRead(ReadOnlySpan<byte> data, UsageAccumulator? text)
    {
        try
        {
            return GeminiResponseReader.Read(data, text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void ReportUsage(GeminiResponse response)
    {
        if (!response.Usage.IsEmpty)
        {
            Usage.Report(response.Usage);
        }
    }

    /// <summary>A client always sees <c>role: assistant</c> first, as OpenAI sends it, even when the answer starts with a call.</summary>
    private bool WriteRoleOnce(PipeWriter output)
    {
        if (_roleSent)
        {
            return false;
        }

        _id ??= ResponseIds.ChatCompletionId(null);
        ServerSentEvents.WriteJsonEvent(output, new ChunkState(this, "assistant", null, null), WriteChunk);
        _roleSent = true;
        return true;
    }

    private bool Fail(PipeWriter output, GatewayError error)
    {
        ServerSentEvents.WriteErrorEvent(output, error);
        ServerSentEvents.WriteDone(output);
        ErrorType = StreamErrorTypes.UpstreamErrorEvent;
        Completed = true;
        return true;
    }

    private static void WriteChunk(Utf8JsonWriter writer, ChunkState state) =>
        ChatCompletionWriter.WriteChunk(writer, state.Handler._id!, state.Handler.Created, state.Handler.Model, state.Role, state.Content, state.FinishReason);

    private readonly record struct ChunkState(GeminiStreamHandler Handler, string? Role, string? Content, string? FinishReason);

    private readonly record struct ToolCallState(GeminiStreamHandler Handler, int Index, ToolCall Call);

    private readonly record struct UsageState(GeminiStreamHandler Handler, UsageReport Usage);
}
