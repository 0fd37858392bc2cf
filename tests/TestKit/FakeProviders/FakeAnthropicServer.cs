using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static TestKit.FakeProviders.FakeWire;

namespace TestKit.FakeProviders;

/// <summary>
/// An in-process fake Anthropic upstream: Kestrel on 127.0.0.1 and a free port, speaking the Messages API's real
/// wire format (shapes from docs.anthropic.com/en/api/messages and /en/docs/build-with-claude/streaming), with faults
/// on demand.
/// <code>
/// await using var fake = await FakeAnthropicServer.StartAsync(ct);
/// // point a provider's base_url at fake.BaseUrl ("http://127.0.0.1:PORT"); it serves POST /v1/messages.
/// fake.EnqueueFault(FakeFault.Status(529, "Overloaded", "overloaded_error"));   // the next request only; Type is the Anthropic error type
/// fake.EnqueueStreamError(afterEvents: 3, "overloaded_error", "Overloaded");    // the next stream: an error event mid-way
/// fake.LastRequest!.Header("x-api-key"); fake.LastRequest.Json.GetProperty("system");
/// </code>
/// Like the real API it refuses (400 <c>invalid_request_error</c>): a missing <c>anthropic-version</c> header, a missing
/// <c>model</c>/<c>max_tokens</c>/<c>messages</c>, top-level fields it does not know (OpenAI's <c>frequency_penalty</c>…:
/// "Extra inputs are not permitted"), roles other than user/assistant, empty text blocks, a <c>temperature</c> outside 0–1,
/// and <c>tool_result</c> blocks without a matching <c>tool_use</c> in the previous assistant message. With
/// <see cref="ExpectedApiKey"/> set, another <c>x-api-key</c> gets 401 <c>authentication_error</c>.
/// <para>Answers (deterministic): after a user turn holding <c>tool_result</c>s, <c>"Tool said: &lt;their text&gt;"</c>; with
/// <c>tools</c> (and <c>tool_choice</c> not <c>none</c>), <see cref="ToolPreamble"/> text (for <c>auto</c>) then a
/// <c>tool_use</c> of the chosen (or first; with <see cref="ParallelToolUse"/> the first two) tools with <see cref="ToolInput"/>;
/// when the <c>system</c> text mentions JSON, <see cref="JsonReply"/>; else <see cref="ReplyText"/> or <c>"Echo: &lt;last user text&gt;"</c>.
/// The text is cut at the first stop sequence (<c>stop_reason: stop_sequence</c>) or after <c>max_tokens</c> words
/// (<c>max_tokens</c>). Streams send the real event sequence — <c>message_start</c>, per block <c>content_block_start</c>,
/// deltas (one per word, or 8-character <c>input_json_delta</c> pieces), <c>content_block_stop</c>; a <c>ping</c> after the
/// first block start; <c>message_delta</c> with the stop reason and output tokens; <c>message_stop</c>.</para>
/// Usage: input ≈ UTF-8 bytes / 4 of the texts + 3 per message (minus <see cref="CacheReadTokens"/> and
/// <see cref="CacheCreationTokens"/>, reported apart as Anthropic does); output = the number of pieces.
/// </summary>
public sealed class FakeAnthropicServer : FakeUpstreamServer
{
    private static readonly HashSet<string> KnownFields =
    [
        "model", "messages", "max_tokens", "system", "metadata", "stop_sequences", "stream", "temperature", "top_p", "top_k",
        "tools", "tool_choice", "thinking", "service_tier", "container", "mcp_servers",
    ];

    private readonly ConcurrentQueue<(int AfterEvents, string Type, string Message)> _streamErrors = new();

    private FakeAnthropicServer()
    {
    }

    /// <summary>When set, requests with another <c>x-api-key</c> get 401.</summary>
    public string? ExpectedApiKey { get; set; }

    /// <summary>The reply text; null echoes the last user text as <c>"Echo: …"</c>.</summary>
    public string? ReplyText { get; set; }

    /// <summary>The reply when the system prompt asks for JSON.</summary>
    public string JsonReply { get; set; } = """{"answer":"42"}""";

    /// <summary>The <c>input</c> of the tool_use answered when tools are offered.</summary>
    public string ToolInput { get; set; } = """{"location":"Paris","unit":"celsius"}""";

    /// <summary>Text Claude says before calling a tool (with <c>tool_choice</c> auto); null for none.</summary>
    public string? ToolPreamble { get; set; } = "Let me check that.";

    /// <summary>Call the first two tools at once (when two or more are offered and tool_choice is auto/any).</summary>
    public bool ParallelToolUse { get; set; }

    /// <summary>Reported as <c>usage.cache_read_input_tokens</c>.</summary>
    public int CacheReadTokens { get; set; }

    /// <summary>Reported as <c>usage.cache_creation_input_tokens</c>.</summary>
    public int CacheCreationTokens { get; set; }

    public static Task<FakeAnthropicServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(new FakeAnthropicServer(), cancellationToken);

    /// <summary>The next streamed answer sends <paramref name="afterEvents"/> events, then an <c>error</c> event, and ends.</summary>
    public void EnqueueStreamError(int afterEvents, string type, string message) => _streamErrors.Enqueue((afterEvents, type, message));

    /// <summary>Forget queued faults, queued stream errors and recorded requests.</summary>
    public override void Reset()
    {
        base.Reset();
        _streamErrors.Clear();
    }

    private protected override void AddResponseHeaders(HttpResponse response) => response.Headers["request-id"] = "req_" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>A fault's <see cref="FakeFault.Type"/> is the Anthropic error type.</summary>
    private protected override Task WriteFaultErrorAsync(HttpContext context, FakeFault fault, CancellationToken ct) =>
        WriteErrorAsync(context, fault.StatusCode, fault.Type, fault.Message, ct);

    private protected override async Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method != "POST" || !path.EndsWith("/v1/messages", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, 404, "not_found_error", "Not Found", ct);
            return;
        }

        if (ExpectedApiKey is not null && recorded.Header("x-api-key") != ExpectedApiKey)
        {
            await WriteErrorAsync(context, 401, "authentication_error", "invalid x-api-key", ct);
            return;
        }

        if (string.IsNullOrEmpty(recorded.Header("anthropic-version")))
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "anthropic-version: header is required", ct);
            return;
        }

        if (!recorded.TryGetJson(out var body))
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "There was an issue with your request body: invalid JSON.", ct);
            return;
        }

        if (Validate(body) is { } problem)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", problem, ct);
            return;
        }

        await MessagesAsync(context, body, midStreamFault, ct);
    }

    /// <summary>The checks the real API makes that a translation could get wrong; the message as Anthropic words it.</summary>
    private static string? Validate(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return "The request body must be a JSON object.";
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                return $"{property.Name}: Extra inputs are not permitted";
            }
        }

        if (StringOf(body, "model") is null)
        {
            return "model: Field required";
        }

        if (!body.TryGetProperty("max_tokens", out var maxTokens) || maxTokens.ValueKind != JsonValueKind.Number)
        {
            return "max_tokens: Field required";
        }

        if (body.TryGetProperty("temperature", out var temperature) && temperature.ValueKind == JsonValueKind.Number
            && temperature.GetDouble() is < 0 or > 1)
        {
            return "temperature: Input should be less than or equal to 1";
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return "messages: Field required";
        }

        var previousToolUses = new HashSet<string>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = StringOf(message, "role");
            if (role is not ("user" or "assistant"))
            {
                return $"messages.{index}.role: Input should be 'user' or 'assistant'";
            }

            var toolUses = new HashSet<string>();
            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                var block = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var type = StringOf(part, "type");
                    if (type == "text" && string.IsNullOrEmpty(StringOf(part, "text")))
                    {
                        return $"messages.{index}.content.{block}.text: text content blocks must be non-empty";
                    }

                    if (type == "tool_use" && StringOf(part, "id") is { } id)
                    {
                        if (!part.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
                        {
                            return $"messages.{index}.content.{block}.tool_use.input: Input should be a valid dictionary";
                        }

                        toolUses.Add(id);
                    }

                    if (type == "tool_result" && (role != "user" || !previousToolUses.Contains(StringOf(part, "tool_use_id") ?? "")))
                    {
                        return $"messages.{index}.content.{block}: unexpected `tool_use_id` found in `tool_result` blocks: {StringOf(part, "tool_use_id")}. "
                            + "Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
                    }

                    block++;
                }
            }
            else if (!message.TryGetProperty("content", out content) || content.ValueKind != JsonValueKind.String || content.GetString()!.Length == 0)
            {
                return $"messages.{index}: all messages must have non-empty content";
            }

            previousToolUses = toolUses;
            index++;
        }

        return null;
    }

    private async Task MessagesAsync(HttpContext context, JsonElement body, FakeFault? midStreamFault, CancellationToken ct)
    {
        var model = StringOf(body, "model")!;
        var reply = ChooseReply(body);
        var id = "msg_" + Guid.NewGuid().ToString("N")[..24];
        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var inputTokens = Math.Max(1, InputTokens(body) - CacheReadTokens - CacheCreationTokens);
        var outputTokens = Math.Max(1, reply.TextPieces.Count + reply.Tools.Sum(t => SplitEightChars(t.Input).Count));

        if (!stream)
        {
            await WriteJsonAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("type", "message");
                w.WriteString("role", "assistant");
                w.WriteString("model", model);
                w.WriteStartArray("content");
                if (reply.TextPieces.Count > 0)
                {
                    w.WriteStartObject();
                    w.WriteString("type", "text");
                    w.WriteString("text", string.Concat(reply.TextPieces));
                    w.WriteEndObject();
                }

                foreach (var tool in reply.Tools)
                {
                    w.WriteStartObject();
                    w.WriteString("type", "tool_use");
                    w.WriteString("id", tool.Id);
                    w.WriteString("name", tool.Name);
                    w.WritePropertyName("input");
                    w.WriteRawValue(tool.Input);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("stop_reason", reply.StopReason);
                WriteNullable(w, "stop_sequence", reply.StopSequence);
                WriteUsage(w, inputTokens, outputTokens);
                w.WriteEndObject();
            }, ct);
            return;
        }

        await StartEventStreamAsync(context, ct);
        _streamErrors.TryDequeue(out var streamError);
        var hasStreamError = streamError.Type is not null;
        var sent = 0;

        // False when the stream must stop here (a fault); the caller then returns.
        async Task<bool> SendAsync(string name, Action<Utf8JsonWriter> write)
        {
            if (midStreamFault is not null && sent == midStreamFault.AfterChunks)
            {
                await FailMidStreamAsync(context, midStreamFault, ct);
                return false;
            }

            if (hasStreamError && sent == streamError.AfterEvents)
            {
                await WriteEventAsync(context, "error", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("type", "error");
                    w.WriteStartObject("error");
                    w.WriteString("type", streamError.Type);
                    w.WriteString("message", streamError.Message);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }, ct);
                return false;
            }

            await WriteEventAsync(context, name, write, ct);
            sent++;
            return true;
        }

        if (!await SendAsync("message_start", w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "message_start");
                w.WriteStartObject("message");
                w.WriteString("id", id);
                w.WriteString("type", "message");
                w.WriteString("role", "assistant");
                w.WriteStartArray("content");
                w.WriteEndArray();
                w.WriteString("model", model);
                w.WriteNull("stop_reason");
                w.WriteNull("stop_sequence");
                WriteUsage(w, inputTokens, 1);
                w.WriteEndObject();
                w.WriteEndObject();
            }))
        {
            return;
        }

        var blockIndex = 0;
        var pinged = false;
        async Task<bool> BlockStartAsync(int index, Action<Utf8JsonWriter> block)
        {
            if (!await SendAsync("content_block_start", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("type", "content_block_start");
                    w.WriteNumber("index", index);
                    w.WritePropertyName("content_block");
                    block(w);
                    w.WriteEndObject();
                }))
            {
                return false;
            }

            if (!pinged)
            {
                pinged = true;
                return await SendAsync("ping", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("type", "ping");
                    w.WriteEndObject();
                });
            }

            return true;
        }

        Task<bool> DeltaAsync(int index, string deltaType, string field, string value) => SendAsync("content_block_delta", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "content_block_delta");
            w.WriteNumber("index", index);
            w.WriteStartObject("delta");
            w.WriteString("type", deltaType);
            w.WriteString(field, value);
            w.WriteEndObject();
            w.WriteEndObject();
        });

        Task<bool> BlockStopAsync(int index) => SendAsync("content_block_stop", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "content_block_stop");
            w.WriteNumber("index", index);
            w.WriteEndObject();
        });

        if (reply.TextPieces.Count > 0)
        {
            var index = blockIndex++;
            if (!await BlockStartAsync(index, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("type", "text");
                    w.WriteString("text", "");
                    w.WriteEndObject();
                }))
            {
                return;
            }

            foreach (var piece in reply.TextPieces)
            {
                if (!await DeltaAsync(index, "text_delta", "text", piece))
                {
                    return;
                }
            }

            if (!await BlockStopAsync(index))
            {
                return;
            }
        }

        foreach (var tool in reply.Tools)
        {
            var index = blockIndex++;
            if (!await BlockStartAsync(index, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("type", "tool_use");
                    w.WriteString("id", tool.Id);
                    w.WriteString("name", tool.Name);
                    w.WriteStartObject("input");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }))
            {
                return;
            }

            // The real API opens with an empty partial_json.
            if (!await DeltaAsync(index, "input_json_delta", "partial_json", ""))
            {
                return;
            }

            foreach (var piece in SplitEightChars(tool.Input))
            {
                if (!await DeltaAsync(index, "input_json_delta", "partial_json", piece))
                {
                    return;
                }
            }

            if (!await BlockStopAsync(index))
            {
                return;
            }
        }

        if (!await SendAsync("message_delta", w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "message_delta");
                w.WriteStartObject("delta");
                w.WriteString("stop_reason", reply.StopReason);
                WriteNullable(w, "stop_sequence", reply.StopSequence);
                w.WriteEndObject();
                w.WriteStartObject("usage");
                w.WriteNumber("output_tokens", outputTokens);
                w.WriteEndObject();
                w.WriteEndObject();
            }))
        {
            return;
        }

        await SendAsync("message_stop", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_stop");
            w.WriteEndObject();
        });
    }

    private FakeReply ChooseReply(JsonElement body)
    {
        var messages = body.GetProperty("messages");
        var last = messages[messages.GetArrayLength() - 1];
        var lastUser = "";
        var toolResults = new List<string>();
        foreach (var message in messages.EnumerateArray())
        {
            if (StringOf(message, "role") != "user")
            {
                continue;
            }

            var content = message.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                lastUser = content.GetString()!;
                continue;
            }

            var texts = new List<string>();
            foreach (var part in content.EnumerateArray())
            {
                if (StringOf(part, "type") == "text")
                {
                    texts.Add(StringOf(part, "text")!);
                }
            }

            if (texts.Count > 0)
            {
                lastUser = string.Join(' ', texts);
            }
        }

        if (StringOf(last, "role") == "user" && last.GetProperty("content") is { ValueKind: JsonValueKind.Array } lastContent)
        {
            foreach (var part in lastContent.EnumerateArray())
            {
                if (StringOf(part, "type") != "tool_result")
                {
                    continue;
                }

                if (!part.TryGetProperty("content", out var result))
                {
                    toolResults.Add("");
                }
                else if (result.ValueKind == JsonValueKind.String)
                {
                    toolResults.Add(result.GetString()!);
                }
                else
                {
                    toolResults.Add(string.Join(' ', result.EnumerateArray().Select(r => StringOf(r, "text") ?? "")));
                }
            }
        }

        var maxTokens = body.GetProperty("max_tokens").GetInt32();
        if (toolResults.Count > 0)
        {
            return TextReply(body, "Tool said: " + string.Join("; ", toolResults), maxTokens);
        }

        var choiceType = body.TryGetProperty("tool_choice", out var choice) ? StringOf(choice, "type") ?? "auto" : "auto";
        if (body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0 && choiceType != "none")
        {
            var names = choiceType == "tool" ? [StringOf(choice, "name")!]
                : tools.EnumerateArray().Select(t => StringOf(t, "name")!).Take(ParallelToolUse ? 2 : 1).ToList();
            var preamble = choiceType == "auto" && ToolPreamble is not null ? SplitWords(ToolPreamble) : [];
            var calls = names.Select(n => new FakeToolUse("toolu_" + Guid.NewGuid().ToString("N")[..22], n, ToolInput)).ToList();
            return new FakeReply(preamble, calls, "tool_use", null);
        }

        var system = body.TryGetProperty("system", out var s) ? TextOf(s) : "";
        var text = system.Contains("JSON", StringComparison.Ordinal) ? JsonReply : ReplyText ?? "Echo: " + lastUser;
        return TextReply(body, text, maxTokens);
    }

    private static FakeReply TextReply(JsonElement body, string text, int maxTokens)
    {
        if (body.TryGetProperty("stop_sequences", out var stops) && stops.ValueKind == JsonValueKind.Array)
        {
            foreach (var stop in stops.EnumerateArray().Select(s => s.GetString()!))
            {
                var at = text.IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0)
                {
                    return new FakeReply(SplitWords(text[..at]), [], "stop_sequence", stop);
                }
            }
        }

        var pieces = SplitWords(text);
        return pieces.Count > maxTokens
            ? new FakeReply(pieces.Take(maxTokens).ToList(), [], "max_tokens", null)
            : new FakeReply(pieces, [], "end_turn", null);
    }

    private Task WriteErrorAsync(HttpContext context, int status, string type, string message, CancellationToken ct) =>
        WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", type);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteString("request_id", "req_" + Guid.NewGuid().ToString("N")[..24]);
            w.WriteEndObject();
        }, ct);

    private void WriteUsage(Utf8JsonWriter w, int inputTokens, int outputTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", inputTokens);
        w.WriteNumber("cache_creation_input_tokens", CacheCreationTokens);
        w.WriteNumber("cache_read_input_tokens", CacheReadTokens);
        w.WriteNumber("output_tokens", outputTokens);
        w.WriteEndObject();
    }

    private static int InputTokens(JsonElement body)
    {
        var tokens = body.TryGetProperty("system", out var system) ? TokensOf(TextOf(system)) : 0;
        foreach (var message in body.GetProperty("messages").EnumerateArray())
        {
            tokens += 3 + (message.TryGetProperty("content", out var c) ? TokensOf(TextOf(c)) : 0);
        }

        return tokens;
    }

    /// <summary>A string, or the text blocks of a block array joined by spaces.</summary>
    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Join(' ', content.EnumerateArray().Select(b => StringOf(b, "text")).Where(t => t is not null)),
        _ => "",
    };

    private sealed record FakeToolUse(string Id, string Name, string Input);

    private sealed record FakeReply(List<string> TextPieces, List<FakeToolUse> Tools, string StopReason, string? StopSequence);
}
