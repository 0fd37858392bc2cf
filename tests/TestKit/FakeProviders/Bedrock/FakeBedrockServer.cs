using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static TestKit.FakeProviders.FakeWire;

namespace TestKit.FakeProviders.Bedrock;

/// <summary>
/// An in-process fake of Bedrock Runtime's Converse API (docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
/// and _ConverseStream.html): <c>POST /model/{modelId}/converse</c> answers JSON, <c>/converse-stream</c> answers the binary
/// AWS event stream (<see cref="AwsEventStreamWriter"/>, correct CRCs), with faults on demand.
/// <code>
/// await using var fake = await FakeBedrockServer.StartAsync(ct);
/// // a bedrock provider with base_url = fake.BaseUrl, configurations {"region": fake.Region, "access_key_id": fake.AccessKeyId}, key = fake.SecretAccessKey
/// fake.EnqueueFault(FakeFault.Status(429, "Too many requests", "ThrottlingException"));   // Type = the x-amzn-ErrorType exception
/// fake.EnqueueStreamException(afterEvents: 3, "throttlingException", "slow down");
/// </code>
/// Every request's SigV4 signature is verified (<see cref="AwsSigV4Verifier"/>, with <see cref="SecretAccessKey"/>): a bad one is
/// 403 <c>InvalidSignatureException</c>, an unknown key id 403 <c>UnrecognizedClientException</c>; with <see cref="ExpectedSessionToken"/>
/// set, <c>x-amz-security-token</c> must carry it and be signed. Like the real API it refuses (400 <c>ValidationException</c>)
/// unknown top-level fields, roles other than user/assistant, a conversation that does not start with user or does not
/// alternate, empty text blocks, and <c>toolResult</c>s without a matching <c>toolUse</c> in the previous assistant turn.
/// <para>Answers (deterministic): after a <c>toolResult</c>, <c>"Tool said: &lt;its text&gt;"</c>; with <c>toolConfig</c>, a
/// <c>toolUse</c> of the forced (or first) tool with <see cref="ToolInput"/> (<c>stopReason: tool_use</c>); else
/// <see cref="ReplyText"/> or <c>"Echo: &lt;last user text&gt;"</c>, cut at a stop sequence or after <c>maxTokens</c> words.
/// Streams: <c>messageStart</c>, per block <c>contentBlockStart</c> (tool use only), deltas (one per word, or 8-character
/// tool-input pieces), <c>contentBlockStop</c>, <c>messageStop</c>, <c>metadata</c> (usage, metrics); payloads carry Bedrock's
/// <c>p</c> padding field. Usage: input ≈ UTF-8 bytes / 4 of the texts + 3 per message; output = the number of pieces.</para>
/// </summary>
public sealed class FakeBedrockServer : FakeUpstreamServer
{
    private static readonly HashSet<string> KnownFields =
    [
        "messages", "system", "inferenceConfig", "toolConfig", "guardrailConfig", "additionalModelRequestFields", "promptVariables",
        "additionalModelResponseFieldPaths", "requestMetadata", "performanceConfig",
    ];

    private readonly ConcurrentQueue<(int AfterEvents, string Type, string Message)> _streamExceptions = new();

    private FakeBedrockServer()
    {
    }

    public string Region { get; set; } = "us-east-1";

    public string AccessKeyId { get; set; } = "AKIAIOSFODNN7EXAMPLE";

    public string SecretAccessKey { get; set; } = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>When set, requests must carry (and sign) this <c>x-amz-security-token</c>.</summary>
    public string? ExpectedSessionToken { get; set; }

    /// <summary>The reply text; null echoes the last user text as <c>"Echo: …"</c>.</summary>
    public string? ReplyText { get; set; }

    /// <summary>The <c>input</c> of the toolUse answered when tools are offered.</summary>
    public string ToolInput { get; set; } = """{"location":"Paris","unit":"celsius"}""";

    /// <summary>Reported as <c>usage.cacheReadInputTokens</c> (0: not reported).</summary>
    public int CacheReadTokens { get; set; }

    /// <summary>The model id of the last request, decoded from its path.</summary>
    public string? LastModelId { get; private set; }

    /// <summary>The raw request target (path as sent, percent-encoding kept) of the last request.</summary>
    public string? LastRawTarget { get; private set; }

    public static Task<FakeBedrockServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(new FakeBedrockServer(), cancellationToken);

    /// <summary>The next streamed answer sends <paramref name="afterEvents"/> events, then an exception message, and ends.</summary>
    public void EnqueueStreamException(int afterEvents, string exceptionType, string message) => _streamExceptions.Enqueue((afterEvents, exceptionType, message));

    public override void Reset()
    {
        base.Reset();
        _streamExceptions.Clear();
    }

    private protected override void AddResponseHeaders(HttpResponse response) => response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();

    /// <summary>A fault's <see cref="FakeFault.Type"/> is the exception named in <c>x-amzn-ErrorType</c> (e.g. <c>ThrottlingException</c>).</summary>
    private protected override Task WriteFaultErrorAsync(HttpContext context, FakeFault fault, CancellationToken ct) =>
        WriteErrorAsync(context, fault.StatusCode, fault.Type, fault.Message, ct);

    private protected override async Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        LastRawTarget = rawTarget;
        var rawPath = rawTarget.Split('?')[0];
        var segments = rawPath.Split('/');
        if (context.Request.Method != "POST" || segments.Length != 4 || segments[1] != "model" || segments[3] is not ("converse" or "converse-stream"))
        {
            await WriteErrorAsync(context, 404, "UnknownOperationException", "Unknown operation", ct);
            return;
        }

        var stream = segments[3] == "converse-stream";
        LastModelId = Uri.UnescapeDataString(segments[2]);

        var problem = AwsSigV4Verifier.Verify("POST", rawTarget, recorded.Headers, recorded.Body, AccessKeyId, SecretAccessKey, Region, "bedrock");
        if (problem is not null)
        {
            var unknownKey = problem.StartsWith("UnrecognizedClient", StringComparison.Ordinal);
            await WriteErrorAsync(context, 403, unknownKey ? "UnrecognizedClientException" : "InvalidSignatureException", problem[(problem.IndexOf(':') + 2)..], ct);
            return;
        }

        if (ExpectedSessionToken is not null && (recorded.Header("x-amz-security-token") != ExpectedSessionToken
            || !recorded.Header("authorization")!.Contains("x-amz-security-token", StringComparison.Ordinal)))
        {
            await WriteErrorAsync(context, 403, "UnrecognizedClientException", "The security token included in the request is invalid.", ct);
            return;
        }

        if (!recorded.TryGetJson(out var body) || body.ValueKind != JsonValueKind.Object)
        {
            await WriteErrorAsync(context, 400, "SerializationException", "Could not parse the request body as JSON.", ct);
            return;
        }

        if (Validate(body) is { } invalid)
        {
            await WriteErrorAsync(context, 400, "ValidationException", invalid, ct);
            return;
        }

        var answer = Answer(body);
        if (stream)
        {
            _streamExceptions.TryDequeue(out var exception);
            await StreamAsync(context, answer, midStreamFault, exception.Type is null ? null : exception, ct);
        }
        else
        {
            await WriteJsonAsync(context, 200, w => WriteConverse(w, answer), ct);
        }
    }

    private static string? Validate(JsonElement body)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                return $"Malformed input request: extraneous key [{property.Name}] is not permitted, please reformat your input and try again.";
            }
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
        }

        string? previousRole = null;
        var previousToolUses = new HashSet<string>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = StringOf(message, "role");
            if (role is not ("user" or "assistant"))
            {
                return $"1 validation error detected: Value at 'messages.{index + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]";
            }

            if (index == 0 && role != "user")
            {
                return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
            }

            if (role == previousRole)
            {
                return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
            }

            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
            {
                return $"The content field in the Message object at messages.{index} is empty. Add a ContentBlock object to the content field and try again.";
            }

            var toolUses = new HashSet<string>();
            foreach (var block in content.EnumerateArray())
            {
                if (block.TryGetProperty("text", out var text) && string.IsNullOrEmpty(text.GetString()))
                {
                    return "The text field in the ContentBlock object is blank. Add text to the text field, and try again.";
                }

                if (block.TryGetProperty("toolUse", out var toolUse))
                {
                    if (!toolUse.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
                    {
                        return "The toolUse input must be a JSON object.";
                    }

                    toolUses.Add(StringOf(toolUse, "toolUseId") ?? "");
                }

                if (block.TryGetProperty("toolResult", out var toolResult) && !previousToolUses.Contains(StringOf(toolResult, "toolUseId") ?? ""))
                {
                    return "The number of toolResult blocks at messages." + index + ".content exceeds the number of toolUse blocks of previous turn.";
                }
            }

            previousToolUses = toolUses;
            previousRole = role;
            index++;
        }

        if (body.TryGetProperty("toolConfig", out var toolConfig)
            && (!toolConfig.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array || tools.EnumerateArray().Any(t =>
                !t.TryGetProperty("toolSpec", out var spec) || StringOf(spec, "name") is null || !spec.TryGetProperty("inputSchema", out var schema)
                || !schema.TryGetProperty("json", out _))))
        {
            return "The toolConfig field must be defined when using toolUse and toolResult content blocks, each tool with a toolSpec (name, inputSchema.json).";
        }

        return null;
    }

    private ConverseAnswer Answer(JsonElement body)
    {
        var messages = body.GetProperty("messages");
        var last = messages[messages.GetArrayLength() - 1];
        var inputTokens = 0;
        foreach (var message in messages.EnumerateArray())
        {
            inputTokens += 3 + message.GetProperty("content").EnumerateArray().Sum(b => TokensOf(StringOf(b, "text") ?? ""));
        }

        if (body.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.Array)
        {
            inputTokens += system.EnumerateArray().Sum(b => TokensOf(StringOf(b, "text") ?? ""));
        }

        var lastBlocks = last.GetProperty("content").EnumerateArray().ToList();
        var toolResults = lastBlocks.Where(b => b.TryGetProperty("toolResult", out _)).ToList();
        if (toolResults.Count > 0)
        {
            var said = string.Join(" ", toolResults.Select(b => string.Concat(b.GetProperty("toolResult").GetProperty("content").EnumerateArray().Select(c => StringOf(c, "text")))));
            return Text("Tool said: " + said, body, inputTokens);
        }

        if (body.TryGetProperty("toolConfig", out var toolConfig))
        {
            var tools = toolConfig.GetProperty("tools");
            var forced = toolConfig.TryGetProperty("toolChoice", out var choice) && choice.TryGetProperty("tool", out var tool) ? StringOf(tool, "name") : null;
            var name = forced ?? StringOf(tools[0].GetProperty("toolSpec"), "name")!;
            var pieces = SplitEightChars(ToolInput);
            return new ConverseAnswer(null, ("tooluse_" + Guid.NewGuid().ToString("N")[..22], name, ToolInput), "tool_use", inputTokens, pieces.Count);
        }

        var userText = string.Concat(lastBlocks.Select(b => StringOf(b, "text")));
        return Text(ReplyText ?? "Echo: " + userText, body, inputTokens);
    }

    private static ConverseAnswer Text(string text, JsonElement body, int inputTokens)
    {
        var words = SplitWords(text);
        var stopReason = "end_turn";
        if (body.TryGetProperty("inferenceConfig", out var config))
        {
            if (config.TryGetProperty("stopSequences", out var stops))
            {
                foreach (var stop in stops.EnumerateArray().Select(s => s.GetString()!))
                {
                    var at = string.Concat(words).IndexOf(stop, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        words = SplitWords(string.Concat(words)[..at]);
                        stopReason = "stop_sequence";
                        break;
                    }
                }
            }

            if (config.TryGetProperty("maxTokens", out var max) && max.GetInt32() < words.Count)
            {
                words = words[..max.GetInt32()];
                stopReason = "max_tokens";
            }
        }

        return new ConverseAnswer(words, null, stopReason, inputTokens, words.Count);
    }

    private void WriteConverse(Utf8JsonWriter w, ConverseAnswer answer)
    {
        w.WriteStartObject();
        w.WritePropertyName("output");
        w.WriteStartObject();
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("role", "assistant");
        w.WritePropertyName("content");
        w.WriteStartArray();
        if (answer.Words is not null)
        {
            w.WriteStartObject();
            w.WriteString("text", string.Concat(answer.Words));
            w.WriteEndObject();
        }

        if (answer.ToolUse is { } toolUse)
        {
            w.WriteStartObject();
            w.WritePropertyName("toolUse");
            w.WriteStartObject();
            w.WriteString("toolUseId", toolUse.Id);
            w.WriteString("name", toolUse.Name);
            w.WritePropertyName("input");
            w.WriteRawValue(toolUse.Input);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("stopReason", answer.StopReason);
        WriteUsage(w, answer);
        w.WritePropertyName("metrics");
        w.WriteStartObject();
        w.WriteNumber("latencyMs", 123);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void WriteUsage(Utf8JsonWriter w, ConverseAnswer answer)
    {
        w.WritePropertyName("usage");
        w.WriteStartObject();
        w.WriteNumber("inputTokens", answer.InputTokens);
        w.WriteNumber("outputTokens", answer.OutputTokens);
        w.WriteNumber("totalTokens", answer.InputTokens + CacheReadTokens + answer.OutputTokens);
        if (CacheReadTokens > 0)
        {
            w.WriteNumber("cacheReadInputTokens", CacheReadTokens);
            w.WriteNumber("cacheWriteInputTokens", 0);
        }

        w.WriteEndObject();
    }

    private async Task StreamAsync(HttpContext context, ConverseAnswer answer, FakeFault? fault, (int AfterEvents, string Type, string Message)? exception, CancellationToken ct)
    {
        var events = new List<byte[]> { AwsEventStreamWriter.Event("messageStart", """{"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS","role":"assistant"}""") };
        if (answer.Words is not null)
        {
            foreach (var word in answer.Words)
            {
                events.Add(AwsEventStreamWriter.Event("contentBlockDelta", Json(w =>
                {
                    w.WriteNumber("contentBlockIndex", 0);
                    w.WritePropertyName("delta");
                    w.WriteStartObject();
                    w.WriteString("text", word);
                    w.WriteEndObject();
                    w.WriteString("p", "abcdefghijkl");
                })));
            }

            events.Add(AwsEventStreamWriter.Event("contentBlockStop", """{"contentBlockIndex":0,"p":"abcd"}"""));
        }

        if (answer.ToolUse is { } toolUse)
        {
            var block = answer.Words is null ? 0 : 1;
            events.Add(AwsEventStreamWriter.Event("contentBlockStart", Json(w =>
            {
                w.WriteNumber("contentBlockIndex", block);
                w.WritePropertyName("start");
                w.WriteStartObject();
                w.WritePropertyName("toolUse");
                w.WriteStartObject();
                w.WriteString("toolUseId", toolUse.Id);
                w.WriteString("name", toolUse.Name);
                w.WriteEndObject();
                w.WriteEndObject();
            })));
            foreach (var piece in SplitEightChars(toolUse.Input))
            {
                events.Add(AwsEventStreamWriter.Event("contentBlockDelta", Json(w =>
                {
                    w.WriteNumber("contentBlockIndex", block);
                    w.WritePropertyName("delta");
                    w.WriteStartObject();
                    w.WritePropertyName("toolUse");
                    w.WriteStartObject();
                    w.WriteString("input", piece);
                    w.WriteEndObject();
                    w.WriteEndObject();
                })));
            }

            events.Add(AwsEventStreamWriter.Event("contentBlockStop", $$"""{"contentBlockIndex":{{block}}}"""));
        }

        events.Add(AwsEventStreamWriter.Event("messageStop", $$"""{"stopReason":"{{answer.StopReason}}","p":"abc"}"""));
        events.Add(AwsEventStreamWriter.Event("metadata", Json(w =>
        {
            WriteUsage(w, answer);
            w.WritePropertyName("metrics");
            w.WriteStartObject();
            w.WriteNumber("latencyMs", 321);
            w.WriteEndObject();
        })));

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/vnd.amazon.eventstream";
        await context.Response.StartAsync(ct);
        for (var i = 0; i < events.Count; i++)
        {
            if (fault is not null && i == fault.AfterChunks)
            {
                await FailMidStreamAsync(context, fault, ct);
                return;
            }

            if (exception is { } e && i == e.AfterEvents)
            {
                await context.Response.Body.WriteAsync(AwsEventStreamWriter.Exception(e.Type, e.Message), ct);
                await context.Response.Body.FlushAsync(ct);
                return;
            }

            // Each message in its own write; a message split across writes is the reader's problem, as on the real wire.
            await context.Response.Body.WriteAsync(events[i], ct);
            await context.Response.Body.FlushAsync(ct);
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task WriteErrorAsync(HttpContext context, int status, string exception, string message, CancellationToken ct)
    {
        context.Response.Headers["x-amzn-ErrorType"] = exception + ":http://internal.amazon.com/coral/com.amazon.bedrock/";
        await WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteEndObject();
        }, ct);
    }
}
