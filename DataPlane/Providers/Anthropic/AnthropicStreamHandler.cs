using System.IO.Pipelines;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Anthropic;

/// <summary>
/// Anthropic's Messages event stream → OpenAI <c>chat.completion.chunk</c>s, one upstream event at a time (one
/// <see cref="Utf8JsonReader"/> pass over its data, no DOM):
/// <list type="bullet">
/// <item><c>message_start</c> → the role chunk; its input token counts are the prompt usage;</item>
/// <item><c>content_block_start</c> of a <c>tool_use</c> → the first delta of tool call n (id, name, <c>arguments: ""</c>),
/// tool blocks numbered 0..n in order; a text block with initial text → a content chunk;</item>
/// <item><c>content_block_delta</c>: <c>text_delta</c> → content chunk, <c>input_json_delta</c> → arguments delta of its call;
/// thinking and signature deltas are not part of OpenAI's answer and are dropped;</item>
/// <item><c>message_delta</c> → the stop reason and output tokens (kept for the end);</item>
/// <item><c>message_stop</c> → the finish chunk, the usage chunk when the client asked (<c>include_usage</c>), <c>[DONE]</c>;</item>
/// <item><c>ping</c>, <c>content_block_stop</c> → nothing; <c>error</c> → a terminal OpenAI error event with <c>provider</c>, then <c>[DONE]</c>.</item>
/// </list>
/// </summary>
internal sealed class AnthropicStreamHandler(InferenceRequest request, string model, RuntimeProvider provider, TokenCounter tokens) : SseStreamHandler
{
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly List<int> _toolIndexByBlock = [];
    private string _id = "chatcmpl-" + Guid.CreateVersion7().ToString("N");
    private int _toolCount;
    private bool _roleSent;
    private string? _stopReason;

    public override bool OnEvent(in SseEvent sseEvent, PipeWriter output)
    {
        var data = sseEvent.Data;
        if (data.IsEmpty || data[0] != (byte)'{' || Completed)
        {
            return false;
        }

        try
        {
            return Translate(sseEvent.Name, data, output);
        }
        catch (JsonException)
        {
            // A malformed event is dropped (nothing was written for it: every event is read before it writes);
            // if the stream then never ends properly, the relay ends it with a terminal error.
            return false;
        }
    }

    private bool Translate(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, PipeWriter output)
    {
        var name = eventName.IsEmpty ? TypeOf(data) : eventName;
        if (name.SequenceEqual("content_block_delta"u8))
        {
            return OnBlockDelta(data, output);
        }

        if (name.SequenceEqual("content_block_start"u8))
        {
            return OnBlockStart(data, output);
        }

        if (name.SequenceEqual("message_start"u8))
        {
            OnMessageStart(data);
            return EnsureRole(output);
        }

        if (name.SequenceEqual("message_delta"u8))
        {
            OnMessageDelta(data);
            return false;
        }

        if (name.SequenceEqual("message_stop"u8))
        {
            return OnMessageStop(output);
        }

        if (name.SequenceEqual("error"u8))
        {
            return OnError(data, output);
        }

        // ping, content_block_stop, and event types added later: nothing for an OpenAI client.
        return false;
    }

    private void OnMessageStart(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (!isMessage || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        _id = "chatcmpl-" + reader.GetString();
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    // Its output_tokens is a placeholder (1): only message_delta's count is real. Until then,
                    // a broken stream's completion is counted from the text relayed.
                    var usage = AnthropicUsageReader.Read(ref reader);
                    Usage.Report(usage with { CompletionTokens = null });
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private bool OnBlockStart(ReadOnlySpan<byte> data, PipeWriter output)
    {
        var index = -1;
        string? type = null, id = null, toolName = null, text = null;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i) ? i : -1;
                continue;
            }

            var isBlock = reader.ValueTextEquals("content_block"u8);
            reader.Read();
            if (!isBlock || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType != JsonTokenType.String ? null
                        : reader.ValueTextEquals("tool_use"u8) ? "tool_use"
                        : reader.ValueTextEquals("text"u8) ? "text"
                        : "other";
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        Usage.AppendString(ref reader);
                        toolName = reader.GetString();
                    }
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                    {
                        Usage.AppendString(ref reader);
                        text = reader.GetString();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        if (index < 0)
        {
            return false;
        }

        while (_toolIndexByBlock.Count <= index)
        {
            _toolIndexByBlock.Add(-1);
        }

        var wrote = EnsureRole(output);
        if (type == "tool_use" && id is not null)
        {
            var toolIndex = _toolCount++;
            _toolIndexByBlock[index] = toolIndex;
            ServerSentEvents.WriteJsonEvent(output, (this, toolIndex, id, toolName), static (w, s) =>
                ChatCompletionWriter.WriteToolCallChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, s.toolIndex, s.id, s.toolName ?? "", argumentsDelta: null));
            return true;
        }

        if (type == "text" && text is not null)
        {
            WriteContent(output, text);
            return true;
        }

        return wrote;
    }

    private bool OnBlockDelta(ReadOnlySpan<byte> data, PipeWriter output)
    {
        var index = -1;
        string? text = null, partialJson = null;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i) ? i : -1;
                continue;
            }

            var isDelta = reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (!isDelta || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            // text_delta carries "text", input_json_delta "partial_json"; thinking/signature deltas neither.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isText = reader.ValueTextEquals("text"u8);
                var isJson = !isText && reader.ValueTextEquals("partial_json"u8);
                reader.Read();
                if ((isText || isJson) && reader.TokenType == JsonTokenType.String)
                {
                    Usage.AppendString(ref reader);
                    if (isText)
                    {
                        text = reader.GetString();
                    }
                    else
                    {
                        partialJson = reader.GetString();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        if (!string.IsNullOrEmpty(text))
        {
            EnsureRole(output);
            WriteContent(output, text);
            return true;
        }

        if (!string.IsNullOrEmpty(partialJson) && index >= 0 && index < _toolIndexByBlock.Count && _toolIndexByBlock[index] is var toolIndex and >= 0)
        {
            ServerSentEvents.WriteJsonEvent(output, (this, toolIndex, partialJson), static (w, s) =>
                ChatCompletionWriter.WriteToolCallChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, s.toolIndex, toolCallId: null, name: null, s.partialJson));
            return true;
        }

        return false;
    }

    private void OnMessageDelta(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                Usage.Report(AnthropicUsageReader.Read(ref reader));
                continue;
            }

            var isDelta = reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (!isDelta || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStopReason = reader.ValueTextEquals("stop_reason"u8);
                reader.Read();
                if (isStopReason && reader.TokenType == JsonTokenType.String)
                {
                    _stopReason = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private bool OnMessageStop(PipeWriter output)
    {
        EnsureRole(output);
        var finishReason = AnthropicStopReasons.ToFinishReason(_stopReason);
        ServerSentEvents.WriteJsonEvent(output, (this, finishReason), static (w, s) =>
            ChatCompletionWriter.WriteChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, role: null, content: null, s.finishReason));
        if (request.IncludeUsage)
        {
            // What the usage event will record: Anthropic's counts, the tokenizer's only for what it left out.
            var usage = Usage.ToReport(request, tokens, countMissing: true, upstreamLatencyMs: 0, ttftMs: null);
            ServerSentEvents.WriteJsonEvent(output, (this, usage), static (w, s) =>
                ChatCompletionWriter.WriteUsageChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, s.usage));
        }

        ServerSentEvents.WriteDone(output);
        Completed = true;
        return true;
    }

    private bool OnError(ReadOnlySpan<byte> data, PipeWriter output)
    {
        var error = AnthropicErrors.FromBody(StatusCodes.Status500InternalServerError, data, provider, retryAfter: null);
        ServerSentEvents.WriteErrorEvent(output, error);
        ServerSentEvents.WriteDone(output);
        ErrorType = StreamErrorTypes.UpstreamErrorEvent;
        // The stream ended as the upstream meant it to: no second terminal event from the relay.
        Completed = true;
        return true;
    }

    private string Model => model;

    private bool EnsureRole(PipeWriter output)
    {
        if (_roleSent)
        {
            return false;
        }

        _roleSent = true;
        ServerSentEvents.WriteJsonEvent(output, this, static (w, s) =>
            ChatCompletionWriter.WriteChunk(w, s._id, s._created, s.Model, "assistant", "", finishReason: null));
        return true;
    }

    private void WriteContent(PipeWriter output, string text) =>
        ServerSentEvents.WriteJsonEvent(output, (this, text), static (w, s) =>
            ChatCompletionWriter.WriteChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, role: null, s.text, finishReason: null));

    /// <summary>The <c>type</c> of an event's data, for streams relayed without <c>event:</c> lines.</summary>
    private static ReadOnlySpan<byte> TypeOf(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
            {
                return data.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            }

            reader.Skip();
        }

        return default;
    }
}
