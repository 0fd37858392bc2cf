using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static TestKit.FakeProviders.FakeWire;

namespace TestKit.FakeProviders;

/// <summary>
/// An in-process fake OpenAI upstream: Kestrel on 127.0.0.1 and a free port, speaking OpenAI's real wire
/// format (shapes from platform.openai.com/docs/api-reference), with faults on demand.
/// <code>
/// await using var fake = await FakeOpenAiServer.StartAsync(ct);
/// // point a provider's base_url at fake.BaseUrl ("http://127.0.0.1:PORT/v1"); any prefix works:
/// // requests are matched on the path's ending (/chat/completions, /completions, /embeddings, /images/generations).
/// fake.EnqueueFault(FakeFault.Status(429, "Rate limit reached", retryAfterSeconds: 2)); // the next request only
/// fake.LastRequest!.Header("authorization"); fake.LastRequest.Json.GetProperty("model");
/// await fake.LastRequest.Aborted.WaitAsync(timeout, ct);   // the caller cancelled mid-answer
/// </code>
/// Answers (all deterministic):
/// <list type="bullet">
/// <item><c>/chat/completions</c>: with <c>tools</c> (and <c>tool_choice</c> not <c>none</c>) and no <c>tool</c> message yet,
/// a call of the first (or the chosen) function with <see cref="ToolArguments"/>; after a <c>tool</c> message,
/// <c>"Tool said: &lt;its content&gt;"</c>; with <c>response_format</c> <c>json_object</c>/<c>json_schema</c>, <see cref="JsonReply"/>;
/// else <see cref="ReplyText"/> or <c>"Echo: &lt;last user text&gt;"</c>. Streams send a role chunk, one chunk per word, a
/// finish chunk, the usage chunk when <c>stream_options.include_usage</c> is true, then <c>[DONE]</c>; with
/// include_usage every other chunk carries <c>"usage":null</c>, as OpenAI's do.</item>
/// <item><c>/completions</c>: <c>text_completion</c> (streamed the same way).</item>
/// <item><c>/embeddings</c>: <see cref="EmbeddingDimensions"/> floats per input (or base64 with <c>encoding_format: base64</c>).</item>
/// <item><c>/images/generations</c>: <c>n</c> images as <c>url</c>, or <c>b64_json</c> (a 1×1 PNG) when asked or for
/// <c>gpt-image-*</c> models, which also report <c>usage</c>.</item>
/// </list>
/// Usage: prompt tokens ≈ UTF-8 bytes / 4 of the texts + 3 per message; completion tokens = the number of content pieces.
/// Not thread-safe to reconfigure while requests run; one fake per test class is the intended use.
/// </summary>
/// <remarks>Not sealed: Azure OpenAI speaks this wire format, and its fake (<c>Azure/FakeAzureOpenAiServer</c>) adds only its URLs and auth.</remarks>
public class FakeOpenAiServer : FakeUpstreamServer
{
    private const string TinyPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private protected FakeOpenAiServer()
    {
    }

    /// <summary><c>http://127.0.0.1:PORT/v1</c> — what a provider's <c>base_url</c> should be.</summary>
    public override string BaseUrl => Origin + "/v1";

    /// <summary>The chat/completions reply text; null echoes the last user message as <c>"Echo: …"</c>.</summary>
    public string? ReplyText { get; set; }

    /// <summary>The content answered in JSON mode.</summary>
    public string JsonReply { get; set; } = """{"answer":"42"}""";

    /// <summary>The arguments of the tool call answered when tools are offered.</summary>
    public string ToolArguments { get; set; } = """{"location":"Paris","unit":"celsius"}""";

    /// <summary>Reported as <c>usage.prompt_tokens_details.cached_tokens</c>.</summary>
    public int CachedTokens { get; set; }

    /// <summary>Leave <c>usage</c> out of every answer (bodies and streams), like some OpenAI-compatible servers.</summary>
    public bool OmitUsage { get; set; }

    public int EmbeddingDimensions { get; set; } = 8;

    /// <summary>
    /// When set, the embedding of each input text (null falls back to the default hash vector): lets a test give
    /// similar texts similar vectors.
    /// </summary>
    public Func<string, float[]?>? EmbeddingOf { get; set; }

    public static Task<FakeOpenAiServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(new FakeOpenAiServer(), cancellationToken);

    private protected override void AddResponseHeaders(HttpResponse response) => response.Headers["x-request-id"] = "req_" + Guid.NewGuid().ToString("N");

    private protected override Task WriteFaultErrorAsync(HttpContext context, FakeFault fault, CancellationToken ct) =>
        WriteErrorAsync(context, fault.StatusCode, fault.Message, fault.Type, fault.Param, fault.Code, ct);

    private protected override async Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct)
    {
        var path = context.Request.Path.Value ?? "";
        if (!recorded.TryGetJson(out var body))
        {
            await WriteErrorAsync(context, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null, null, ct);
            return;
        }

        if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            await ChatAsync(context, body, midStreamFault, ct);
        }
        else if (path.EndsWith("/completions", StringComparison.Ordinal))
        {
            await CompletionAsync(context, body, midStreamFault, ct);
        }
        else if (path.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            await EmbeddingsAsync(context, body, ct);
        }
        else if (path.EndsWith("/images/generations", StringComparison.Ordinal))
        {
            await ImagesAsync(context, body, ct);
        }
        else
        {
            await WriteErrorAsync(context, 404, $"Invalid URL ({context.Request.Method} {path})", "invalid_request_error", null, null, ct);
        }
    }

    private async Task ChatAsync(HttpContext context, JsonElement body, FakeFault? midStreamFault, CancellationToken ct)
    {
        var model = StringOf(body, "model") ?? "gpt-4o-mini";
        var messages = body.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array ? m : default;
        var promptTokens = PromptTokens(messages);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (stream, includeUsage) = StreamOptions(body);

        var (toolName, content) = ChooseChatReply(body, messages);
        var pieces = toolName is null ? SplitWords(content) : SplitEightChars(ToolArguments);
        var completionTokens = Math.Max(1, pieces.Count);
        var callId = "call_" + Guid.NewGuid().ToString("N")[..24];

        if (!stream)
        {
            await WriteJsonAsync(context, 200, w =>
            {
                w.WriteStartObject();
                WriteObjectHead(w, id, "chat.completion", created, model);
                w.WriteStartArray("choices");
                w.WriteStartObject();
                w.WriteNumber("index", 0);
                w.WriteStartObject("message");
                w.WriteString("role", "assistant");
                if (toolName is null)
                {
                    w.WriteString("content", content);
                }
                else
                {
                    w.WriteNull("content");
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteString("id", callId);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", toolName);
                    w.WriteString("arguments", ToolArguments);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteNull("refusal");
                w.WriteStartArray("annotations");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteNull("logprobs");
                w.WriteString("finish_reason", toolName is null ? "stop" : "tool_calls");
                w.WriteEndObject();
                w.WriteEndArray();
                WriteUsage(w, promptTokens, completionTokens);
                w.WriteString("service_tier", "default");
                w.WriteString("system_fingerprint", "fp_fake");
                w.WriteEndObject();
            }, ct);
            return;
        }

        await StartEventStreamAsync(context, ct);
        var sent = 0;
        async Task<bool> SendAsync(Action<Utf8JsonWriter> write)
        {
            if (midStreamFault is not null && sent == midStreamFault.AfterChunks)
            {
                await FailMidStreamAsync(context, midStreamFault, ct);
                return false;
            }

            await WriteEventAsync(context, write, ct);
            sent++;
            return true;
        }

        void Header(Utf8JsonWriter w)
        {
            WriteObjectHead(w, id, "chat.completion.chunk", created, model);
            w.WriteString("service_tier", "default");
            w.WriteString("system_fingerprint", "fp_fake");
        }

        void Chunk(Utf8JsonWriter w, Action<Utf8JsonWriter> delta, string? finishReason)
        {
            w.WriteStartObject();
            Header(w);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            delta(w);
            w.WriteEndObject();
            w.WriteNull("logprobs");
            WriteNullable(w, "finish_reason", finishReason);
            w.WriteEndObject();
            w.WriteEndArray();
            if (includeUsage && !OmitUsage)
            {
                w.WriteNull("usage");
            }

            w.WriteEndObject();
        }

        var first = await SendAsync(w => Chunk(w, d =>
        {
            d.WriteString("role", "assistant");
            if (toolName is null)
            {
                d.WriteString("content", "");
            }
            else
            {
                d.WriteNull("content");
                d.WriteStartArray("tool_calls");
                d.WriteStartObject();
                d.WriteNumber("index", 0);
                d.WriteString("id", callId);
                d.WriteString("type", "function");
                d.WriteStartObject("function");
                d.WriteString("name", toolName);
                d.WriteString("arguments", "");
                d.WriteEndObject();
                d.WriteEndObject();
                d.WriteEndArray();
            }

            d.WriteNull("refusal");
        }, null));
        if (!first)
        {
            return;
        }

        foreach (var piece in pieces)
        {
            var ok = await SendAsync(w => Chunk(w, d =>
            {
                if (toolName is null)
                {
                    d.WriteString("content", piece);
                }
                else
                {
                    d.WriteStartArray("tool_calls");
                    d.WriteStartObject();
                    d.WriteNumber("index", 0);
                    d.WriteStartObject("function");
                    d.WriteString("arguments", piece);
                    d.WriteEndObject();
                    d.WriteEndObject();
                    d.WriteEndArray();
                }
            }, null));
            if (!ok)
            {
                return;
            }
        }

        if (!await SendAsync(w => Chunk(w, _ => { }, toolName is null ? "stop" : "tool_calls")))
        {
            return;
        }

        if (includeUsage && !OmitUsage && !await SendAsync(w =>
        {
            w.WriteStartObject();
            Header(w);
            w.WriteStartArray("choices");
            w.WriteEndArray();
            WriteUsage(w, promptTokens, completionTokens);
            w.WriteEndObject();
        }))
        {
            return;
        }

        await WriteDoneAsync(context, ct);
    }

    private async Task CompletionAsync(HttpContext context, JsonElement body, FakeFault? midStreamFault, CancellationToken ct)
    {
        var model = StringOf(body, "model") ?? "gpt-3.5-turbo-instruct";
        var prompt = body.TryGetProperty("prompt", out var p) ? TextOf(p) : "";
        var promptTokens = Math.Max(1, TokensOf(prompt));
        var text = ReplyText ?? "Echo: " + prompt;
        var pieces = SplitWords(text);
        var id = "cmpl-" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (stream, includeUsage) = StreamOptions(body);

        void Completion(Utf8JsonWriter w, string piece, string? finishReason, bool withUsage)
        {
            w.WriteStartObject();
            WriteObjectHead(w, id, "text_completion", created, model);
            w.WriteStartArray("choices");
            if (piece.Length > 0 || finishReason is not null || !withUsage)
            {
                w.WriteStartObject();
                w.WriteString("text", piece);
                w.WriteNumber("index", 0);
                w.WriteNull("logprobs");
                WriteNullable(w, "finish_reason", finishReason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("system_fingerprint", "fp_fake");
            if (withUsage)
            {
                WriteUsage(w, promptTokens, Math.Max(1, pieces.Count));
            }

            w.WriteEndObject();
        }

        if (!stream)
        {
            await WriteJsonAsync(context, 200, w => Completion(w, text, "stop", !OmitUsage), ct);
            return;
        }

        await StartEventStreamAsync(context, ct);
        var sent = 0;
        foreach (var piece in pieces)
        {
            if (midStreamFault is not null && sent == midStreamFault.AfterChunks)
            {
                await FailMidStreamAsync(context, midStreamFault, ct);
                return;
            }

            await WriteEventAsync(context, w => Completion(w, piece, null, false), ct);
            sent++;
        }

        await WriteEventAsync(context, w => Completion(w, "", "stop", false), ct);
        if (includeUsage && !OmitUsage)
        {
            await WriteEventAsync(context, w => Completion(w, "", null, true), ct);
        }

        await WriteDoneAsync(context, ct);
    }

    private async Task EmbeddingsAsync(HttpContext context, JsonElement body, CancellationToken ct)
    {
        var model = StringOf(body, "model") ?? "text-embedding-3-small";
        var inputs = new List<string>();
        if (body.TryGetProperty("input", out var input))
        {
            if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in input.EnumerateArray())
                {
                    inputs.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
                }
            }
            else
            {
                inputs.Add(TextOf(input));
            }
        }

        var base64 = StringOf(body, "encoding_format") == "base64";
        var promptTokens = inputs.Sum(TokensOf);
        await WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            for (var i = 0; i < inputs.Count; i++)
            {
                var vector = EmbeddingOf?.Invoke(inputs[i]) ?? Vector(inputs[i], EmbeddingDimensions);
                w.WriteStartObject();
                w.WriteString("object", "embedding");
                w.WriteNumber("index", i);
                if (base64)
                {
                    var bytes = new byte[vector.Length * sizeof(float)];
                    Buffer.BlockCopy(vector, 0, bytes, 0, bytes.Length);
                    w.WriteString("embedding", Convert.ToBase64String(bytes));
                }
                else
                {
                    w.WriteStartArray("embedding");
                    foreach (var value in vector)
                    {
                        w.WriteNumberValue(value);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("model", model);
            if (!OmitUsage)
            {
                w.WriteStartObject("usage");
                w.WriteNumber("prompt_tokens", promptTokens);
                w.WriteNumber("total_tokens", promptTokens);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }, ct);
    }

    private async Task ImagesAsync(HttpContext context, JsonElement body, CancellationToken ct)
    {
        var model = StringOf(body, "model") ?? "dall-e-2";
        var n = body.TryGetProperty("n", out var nValue) && nValue.TryGetInt32(out var count) ? Math.Clamp(count, 1, 10) : 1;
        var gptImage = model.StartsWith("gpt-image", StringComparison.Ordinal);
        var b64 = gptImage || StringOf(body, "response_format") == "b64_json";
        var promptTokens = Math.Max(1, TokensOf(StringOf(body, "prompt") ?? ""));
        await WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            w.WriteStartArray("data");
            for (var i = 0; i < n; i++)
            {
                w.WriteStartObject();
                if (b64)
                {
                    w.WriteString("b64_json", TinyPng);
                }
                else
                {
                    w.WriteString("url", $"https://fake-openai.local/images/{Guid.NewGuid():N}.png");
                    w.WriteString("revised_prompt", StringOf(body, "prompt"));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (gptImage && !OmitUsage)
            {
                w.WriteStartObject("usage");
                w.WriteNumber("total_tokens", promptTokens + 272 * n);
                w.WriteNumber("input_tokens", promptTokens);
                w.WriteNumber("output_tokens", 272 * n);
                w.WriteStartObject("input_tokens_details");
                w.WriteNumber("text_tokens", promptTokens);
                w.WriteNumber("image_tokens", 0);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }, ct);
    }

    private (string? ToolName, string Content) ChooseChatReply(JsonElement body, JsonElement messages)
    {
        string lastUser = "";
        string? lastTool = null;
        string? lastRole = null;
        if (messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                var role = StringOf(message, "role");
                lastRole = role;
                var text = message.TryGetProperty("content", out var c) ? TextOf(c) : "";
                if (role == "user")
                {
                    lastUser = text;
                }
                else if (role == "tool")
                {
                    lastTool = text;
                }
            }
        }

        if (lastRole == "tool")
        {
            return (null, "Tool said: " + lastTool);
        }

        if (body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0
            && !(body.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.String && choice.GetString() == "none"))
        {
            string? name = null;
            if (body.TryGetProperty("tool_choice", out var chosen) && chosen.ValueKind == JsonValueKind.Object
                && chosen.TryGetProperty("function", out var f) && StringOf(f, "name") is { } chosenName)
            {
                name = chosenName;
            }

            name ??= tools[0].TryGetProperty("function", out var function) ? StringOf(function, "name") : null;
            return (name ?? "tool", "");
        }

        if (body.TryGetProperty("response_format", out var format) && StringOf(format, "type") is "json_object" or "json_schema")
        {
            return (null, JsonReply);
        }

        return (null, ReplyText ?? "Echo: " + lastUser);
    }

    private static async Task WriteDoneAsync(HttpContext context, CancellationToken ct)
    {
        context.Response.BodyWriter.Write("data: [DONE]\n\n"u8);
        await context.Response.BodyWriter.FlushAsync(ct);
    }

    private Task WriteErrorAsync(HttpContext context, int status, string message, string type, string? param, string? code, CancellationToken ct) =>
        WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            WriteNullable(w, "param", param);
            WriteNullable(w, "code", code);
            w.WriteEndObject();
            w.WriteEndObject();
        }, ct);

    private void WriteUsage(Utf8JsonWriter w, int promptTokens, int completionTokens)
    {
        if (OmitUsage)
        {
            return;
        }

        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", promptTokens + completionTokens);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", CachedTokens);
        w.WriteNumber("audio_tokens", 0);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteNumber("accepted_prediction_tokens", 0);
        w.WriteNumber("rejected_prediction_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The fields every completion object and chunk opens with.</summary>
    private static void WriteObjectHead(Utf8JsonWriter w, string id, string objectType, long created, string model)
    {
        w.WriteString("id", id);
        w.WriteString("object", objectType);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }

    /// <summary>Whether to stream, and whether the stream ends with a usage chunk (<c>stream_options.include_usage</c>).</summary>
    private static (bool Stream, bool IncludeUsage) StreamOptions(JsonElement body)
    {
        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = stream && body.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        return (stream, includeUsage);
    }

    private static int PromptTokens(JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array)
        {
            return 1;
        }

        var tokens = 3;
        foreach (var message in messages.EnumerateArray())
        {
            tokens += 3 + (message.TryGetProperty("content", out var c) ? TokensOf(TextOf(c)) : 0);
        }

        return tokens;
    }

    /// <summary>A string, or the text parts of a content-part array (or strings of a prompt array) joined by spaces.</summary>
    private static string TextOf(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.String)
                    {
                        parts.Add(part.GetString()!);
                    }
                    else if (StringOf(part, "type") == "text" && StringOf(part, "text") is { } text)
                    {
                        parts.Add(text);
                    }
                }

                return string.Join(' ', parts);
            default:
                return "";
        }
    }

    private static float[] Vector(string text, int dimensions)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        var vector = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            vector[d] = (((hash + (d * 7919)) & 0x7FFF) / 16384f) - 1f;
        }

        return vector;
    }
}
