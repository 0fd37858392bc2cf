using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// ConverseStream's events (one decoded event-stream message at a time) → OpenAI <c>chat.completion.chunk</c>s:
/// <list type="bullet">
/// <item><c>messageStart</c> → the role chunk;</item>
/// <item><c>contentBlockStart</c> with a <c>toolUse</c> → the first delta of tool call n (id, name, <c>arguments: ""</c>);</item>
/// <item><c>contentBlockDelta</c>: <c>text</c> → a content chunk, <c>toolUse.input</c> → an arguments delta of its call;
/// reasoning deltas are dropped;</item>
/// <item><c>messageStop</c> → the finish chunk (its <c>stopReason</c> mapped);</item>
/// <item><c>metadata</c> (after <c>messageStop</c>) → usage; the usage chunk when the client asked, then <c>[DONE]</c>;</item>
/// <item>an <c>exception</c>/<c>error</c> message → a terminal OpenAI error event with <c>provider</c>, then <c>[DONE]</c>.</item>
/// </list>
/// A stream that ends after <c>messageStop</c> without <c>metadata</c> still ends properly (<see cref="Finish"/>), its usage counted.
/// </summary>
internal sealed class ConverseStreamHandler(InferenceRequest request, string model, RuntimeProvider provider, TokenCounter tokens)
{
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly string _id = "chatcmpl-" + Guid.CreateVersion7().ToString("N");
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private int _toolCount;
    private bool _roleSent;
    private bool _finishSent;

    public UsageAccumulator Usage { get; } = new();

    /// <summary>Set once <c>[DONE]</c> is written (normal end, or an in-stream error).</summary>
    public bool Completed { get; private set; }

    /// <summary>Set when the upstream reported an error inside the stream.</summary>
    public string? ErrorType { get; private set; }

    /// <summary>Handles one message; true when it wrote something to <paramref name="output"/>.</summary>
    public bool OnMessage(in EventStreamMessage message, PipeWriter output)
    {
        if (Completed)
        {
            return false;
        }

        if (message.MessageType is "exception" or "error")
        {
            return OnError(message, output);
        }

        try
        {
            using var document = JsonDocument.Parse(message.Payload.ToArray());
            var payload = document.RootElement;
            return message.EventType switch
            {
                "messageStart" => EnsureRole(output),
                "contentBlockStart" => OnBlockStart(payload, output),
                "contentBlockDelta" => OnBlockDelta(payload, output),
                "messageStop" => OnMessageStop(payload, output),
                "metadata" => OnMetadata(payload, output),
                // contentBlockStop, and event types added later: nothing for an OpenAI client.
                _ => false,
            };
        }
        catch (JsonException)
        {
            // A payload that is not JSON is dropped; if the stream then never ends properly, the relay ends it with an error.
            return false;
        }
    }

    /// <summary>The upstream closed: after <c>messageStop</c> that is a proper end even without <c>metadata</c>.</summary>
    public bool Finish(PipeWriter output) => !Completed && _finishSent && End(output);

    private bool OnBlockStart(JsonElement payload, PipeWriter output)
    {
        var wrote = EnsureRole(output);
        if (!payload.TryGetProperty("start", out var start) || !start.TryGetProperty("toolUse", out var toolUse)
            || StringOf(toolUse, "toolUseId") is not { } id)
        {
            return wrote;
        }

        var name = StringOf(toolUse, "name") ?? "";
        Usage.AppendText(Encoding.UTF8.GetBytes(name));
        var toolIndex = _toolCount++;
        _toolIndexByBlock[BlockIndex(payload)] = toolIndex;
        ServerSentEvents.WriteJsonEvent(output, (this, toolIndex, id, name), static (w, s) =>
            ChatCompletionWriter.WriteToolCallChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, s.toolIndex, s.id, s.name, argumentsDelta: null));
        return true;
    }

    private bool OnBlockDelta(JsonElement payload, PipeWriter output)
    {
        if (!payload.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (StringOf(delta, "text") is { Length: > 0 } text)
        {
            Usage.AppendText(Encoding.UTF8.GetBytes(text));
            var wrote = EnsureRole(output);
            ServerSentEvents.WriteJsonEvent(output, (this, text), static (w, s) =>
                ChatCompletionWriter.WriteChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, role: null, s.text, finishReason: null));
            return true | wrote;
        }

        if (delta.TryGetProperty("toolUse", out var toolUse) && StringOf(toolUse, "input") is { Length: > 0 } input
            && _toolIndexByBlock.TryGetValue(BlockIndex(payload), out var toolIndex))
        {
            Usage.AppendText(Encoding.UTF8.GetBytes(input));
            ServerSentEvents.WriteJsonEvent(output, (this, toolIndex, input), static (w, s) =>
                ChatCompletionWriter.WriteToolCallChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, s.toolIndex, toolCallId: null, name: null, s.input));
            return true;
        }

        // reasoningContent and other deltas: not part of OpenAI's answer.
        return false;
    }

    private bool OnMessageStop(JsonElement payload, PipeWriter output)
    {
        if (_finishSent)
        {
            return false;
        }

        EnsureRole(output);
        _finishSent = true;
        var finishReason = BedrockStopReasons.ToFinishReason(StringOf(payload, "stopReason"));
        ServerSentEvents.WriteJsonEvent(output, (this, finishReason), static (w, s) =>
            ChatCompletionWriter.WriteChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, role: null, content: null, s.finishReason));
        return true;
    }

    private bool OnMetadata(JsonElement payload, PipeWriter output)
    {
        if (payload.TryGetProperty("usage", out var usage))
        {
            Usage.Report(BedrockUsageReader.Read(usage));
        }

        if (!_finishSent)
        {
            // metadata before messageStop (not what Bedrock does): the usage is kept, the end comes with messageStop.
            return false;
        }

        return End(output);
    }

    private bool End(PipeWriter output)
    {
        if (request.IncludeUsage)
        {
            // What the usage event will record: Bedrock's counts, the tokenizer's only for what it left out.
            var usage = Usage.ToReport(request, tokens, countMissing: true, upstreamLatencyMs: 0, ttftMs: null);
            ServerSentEvents.WriteJsonEvent(output, (this, usage), static (w, s) =>
                ChatCompletionWriter.WriteUsageChunk(w, s.Item1._id, s.Item1._created, s.Item1.Model, s.usage));
        }

        ServerSentEvents.WriteDone(output);
        Completed = true;
        return true;
    }

    private bool OnError(in EventStreamMessage message, PipeWriter output)
    {
        GatewayError error;
        if (message.MessageType == "error")
        {
            var text = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string?> { ["message"] = message.ErrorMessage }));
            error = BedrockErrors.FromStreamException(message.ErrorCode, text, provider);
        }
        else
        {
            error = BedrockErrors.FromStreamException(message.ExceptionType, message.Payload, provider);
        }

        ServerSentEvents.WriteErrorEvent(output, error);
        ServerSentEvents.WriteDone(output);
        ErrorType = StreamErrorTypes.UpstreamErrorEvent;
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

    private static int BlockIndex(JsonElement payload) =>
        payload.TryGetProperty("contentBlockIndex", out var index) && index.ValueKind == JsonValueKind.Number && index.TryGetInt32(out var i) ? i : -1;

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
