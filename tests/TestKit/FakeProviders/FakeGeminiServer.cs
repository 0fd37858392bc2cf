using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static TestKit.FakeProviders.FakeWire;

namespace TestKit.FakeProviders;

/// <summary>
/// An in-process fake of Google's Gemini API (v1beta): Kestrel on 127.0.0.1 and a free port, speaking its wire format
/// (shapes from ai.google.dev/api: <c>GenerateContentRequest</c>/<c>GenerateContentResponse</c>, errors as
/// <c>{"error":{"code","message","status"}}</c>), with faults on demand.
/// <code>
/// await using var fake = await FakeGeminiServer.StartAsync(ct);
/// // provider base_url = fake.BaseUrl ("http://127.0.0.1:PORT"); requests go to
/// // /v1beta/models/{model}:generateContent and /v1beta/models/{model}:streamGenerateContent?alt=sse
/// fake.EnqueueFault(FakeFault.Status(429, "Resource has been exhausted")); // the next request only; a Type such as
/// // "RESOURCE_EXHAUSTED" is sent as the error status, else it follows from the HTTP status
/// fake.LastRequest!.Header("x-goog-api-key"); fake.LastRequest.Json.GetProperty("contents");
/// </code>
/// Answers (deterministic): with <c>tools</c> (and <c>toolConfig</c> mode not NONE) and no <c>functionResponse</c> in the last
/// turn, a <c>functionCall</c> of the first allowed (or declared) function with <see cref="ToolArguments"/>; after a
/// <c>functionResponse</c>, <c>"Tool said: &lt;its response JSON&gt;"</c>; with <c>responseMimeType: application/json</c>,
/// <see cref="JsonReply"/>; else <see cref="ReplyText"/> or <c>"Echo: &lt;last user text&gt;"</c>. Non-streamed answers carry
/// <c>candidateCount</c> candidates. Streams (<c>alt=sse</c>, events ended by <c>\r\n\r\n</c> as Google's are) send one event per
/// word (a function call in one event), <see cref="FinishReason"/> and <c>usageMetadata</c> on the last event only, and then
/// close: Gemini has no end marker.
/// Usage: <c>promptTokenCount</c> ≈ UTF-8 bytes / 4 of the texts + 2 per content; <c>candidatesTokenCount</c> = the number of pieces.
/// </summary>
public sealed class FakeGeminiServer : FakeUpstreamServer
{
    private FakeGeminiServer()
    {
    }

    /// <summary>When set, requests without this <c>x-goog-api-key</c> get Gemini's 400 "API key not valid".</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>The reply text; null echoes the last user text as <c>"Echo: …"</c>.</summary>
    public string? ReplyText { get; set; }

    public string JsonReply { get; set; } = """{"answer":"42"}""";

    /// <summary>The <c>args</c> of the function call answered when tools are offered (a JSON object).</summary>
    public string ToolArguments { get; set; } = """{"location":"Paris","unit":"celsius"}""";

    /// <summary>Sent as the function call part's <c>thoughtSignature</c> (Gemini 2.5+/3), when set.</summary>
    public string? ThoughtSignature { get; set; }

    /// <summary>A thought-summary part (<c>thought: true</c>) sent before the answer, when set.</summary>
    public string? ThoughtText { get; set; }

    /// <summary>The <c>finishReason</c> of every candidate.</summary>
    public string FinishReason { get; set; } = "STOP";

    /// <summary>Answer with no candidates and <c>promptFeedback.blockReason</c> set to this, when set.</summary>
    public string? BlockReason { get; set; }

    public int CachedTokens { get; set; }

    public int ThoughtsTokens { get; set; }

    /// <summary>Leave <c>usageMetadata</c> out of every answer.</summary>
    public bool OmitUsage { get; set; }

    /// <summary>Streams: close cleanly after the last piece without any <c>finishReason</c> (a broken stream, for Gemini).</summary>
    public bool EndWithoutFinish { get; set; }

    /// <summary>Streams: after this many events, send an <c>{"error": …}</c> event (status 500 INTERNAL) and close.</summary>
    public int? ErrorEventAfter { get; set; }

    private protected override string JsonContentType => "application/json; charset=UTF-8";

    private protected override bool IndentJson => true;

    private protected override string EventStreamContentType => "text/event-stream";

    // Google ends each event with a blank CRLF line.
    private protected override ReadOnlySpan<byte> EventEnd => "\r\n\r\n"u8;

    public static Task<FakeGeminiServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(new FakeGeminiServer(), cancellationToken);

    /// <summary>Forget queued faults and recorded requests, and put every answer setting back to its default.</summary>
    public override void Reset()
    {
        base.Reset();
        RequiredApiKey = null;
        ReplyText = null;
        ThoughtSignature = null;
        ThoughtText = null;
        FinishReason = "STOP";
        BlockReason = null;
        CachedTokens = 0;
        ThoughtsTokens = 0;
        OmitUsage = false;
        ErrorEventAfter = null;
        EndWithoutFinish = false;
    }

    private protected override string RawFaultContentType(string body) => body.StartsWith('[') || body.StartsWith('{') ? "application/json" : "text/plain";

    /// <summary>A fault's <see cref="FakeFault.Type"/> is taken as Gemini's status name when it is one (RESOURCE_EXHAUSTED), else derived from the code.</summary>
    private protected override Task WriteFaultErrorAsync(HttpContext context, FakeFault fault, CancellationToken ct)
    {
        var status = fault.Type.Length > 0 && fault.Type.All(c => c is (>= 'A' and <= 'Z') or '_') ? fault.Type : StatusName(fault.StatusCode);
        return WriteErrorAsync(context, fault.StatusCode, fault.Message, status, ct);
    }

    private protected override async Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct)
    {
        // /v1beta/models/{model}:{method}
        var path = context.Request.Path.Value ?? "";
        var colon = path.LastIndexOf(':');
        var method = colon < 0 ? "" : path[(colon + 1)..];
        var modelStart = path.IndexOf("/models/", StringComparison.Ordinal);
        if (context.Request.Method != "POST" || !path.StartsWith("/v1beta/", StringComparison.Ordinal) || modelStart < 0 || colon < modelStart
            || method is not ("generateContent" or "streamGenerateContent"))
        {
            await WriteErrorAsync(context, 404, "The requested URL was not found on this server.", "NOT_FOUND", ct);
            return;
        }

        if (RequiredApiKey is not null && recorded.Header("x-goog-api-key") != RequiredApiKey)
        {
            await WriteErrorAsync(context, 400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT", ct);
            return;
        }

        if (!recorded.TryGetJson(out var body))
        {
            await WriteErrorAsync(context, 400, "Invalid JSON payload received.", "INVALID_ARGUMENT", ct);
            return;
        }

        if (!body.TryGetProperty("contents", out var contents) || contents.ValueKind != JsonValueKind.Array)
        {
            await WriteErrorAsync(context, 400, "* GenerateContentRequest.contents: contents is not specified\n", "INVALID_ARGUMENT", ct);
            return;
        }

        var model = path[(modelStart + "/models/".Length)..colon];
        if (method == "generateContent")
        {
            await GenerateAsync(context, model, body, ct);
        }
        else if (context.Request.Query["alt"] == "sse")
        {
            await StreamAsync(context, model, body, midStreamFault, ct);
        }
        else
        {
            await WriteErrorAsync(context, 400, "This fake only streams with alt=sse.", "INVALID_ARGUMENT", ct);
        }
    }

    private async Task GenerateAsync(HttpContext context, string model, JsonElement body, CancellationToken ct)
    {
        var reply = ChooseReply(body);
        var promptTokens = PromptTokens(body);
        var candidateCount = body.TryGetProperty("generationConfig", out var config) && config.TryGetProperty("candidateCount", out var cc)
            && cc.TryGetInt32(out var count) ? Math.Clamp(count, 1, 8) : 1;
        var pieces = reply.FunctionName is null ? SplitWords(reply.Text) : [];
        await WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            if (BlockReason is null)
            {
                w.WriteStartArray("candidates");
                for (var i = 0; i < candidateCount; i++)
                {
                    WriteCandidate(w, i, reply, reply.FunctionName is null ? reply.Text + (i == 0 ? "" : $" ({i})") : null, finished: true);
                }

                w.WriteEndArray();
            }
            else
            {
                WritePromptFeedback(w);
            }

            WriteUsage(w, promptTokens, BlockReason is null ? Math.Max(1, pieces.Count) * candidateCount : null);
            w.WriteString("modelVersion", model);
            w.WriteString("responseId", ResponseId());
            w.WriteEndObject();
        }, ct);
    }

    private async Task StreamAsync(HttpContext context, string model, JsonElement body, FakeFault? midStreamFault, CancellationToken ct)
    {
        var reply = ChooseReply(body);
        var promptTokens = PromptTokens(body);
        var responseId = ResponseId();
        await StartEventStreamAsync(context, ct);

        if (BlockReason is not null)
        {
            await WriteEventAsync(context, w =>
            {
                w.WriteStartObject();
                WritePromptFeedback(w);
                WriteUsage(w, promptTokens, null);
                w.WriteString("modelVersion", model);
                w.WriteString("responseId", responseId);
                w.WriteEndObject();
            }, ct);
            return;
        }

        // Each event: the new parts only; finishReason and usage on the last.
        var events = new List<(string? Text, bool Thought)>();
        if (ThoughtText is not null)
        {
            events.Add((ThoughtText, true));
        }

        if (reply.FunctionName is null)
        {
            events.AddRange(SplitWords(reply.Text).Select(p => ((string?)p, false)));
        }
        else
        {
            events.Add((null, false));
        }

        var completionTokens = Math.Max(1, events.Count(e => !e.Thought));
        for (var i = 0; i < events.Count; i++)
        {
            if (midStreamFault is not null && i == midStreamFault.AfterChunks)
            {
                await FailMidStreamAsync(context, midStreamFault, ct);
                return;
            }

            if (ErrorEventAfter is { } after && i == after)
            {
                await WriteEventAsync(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("error");
                    w.WriteNumber("code", 500);
                    w.WriteString("message", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
                    w.WriteString("status", "INTERNAL");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }, ct);
                return;
            }

            var last = i == events.Count - 1 && !EndWithoutFinish;
            var (text, thought) = events[i];
            await WriteEventAsync(context, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("candidates");
                if (thought)
                {
                    WriteThoughtCandidate(w, text!);
                }
                else
                {
                    WriteCandidate(w, 0, reply, text, last);
                }

                w.WriteEndArray();
                if (last)
                {
                    WriteUsage(w, promptTokens, completionTokens);
                }

                w.WriteString("modelVersion", model);
                w.WriteString("responseId", responseId);
                w.WriteEndObject();
            }, ct);
        }
    }

    private void WriteCandidate(Utf8JsonWriter w, int index, Reply reply, string? text, bool finished)
    {
        w.WriteStartObject();
        w.WriteStartObject("content");
        w.WriteStartArray("parts");
        if (reply.FunctionName is not null)
        {
            w.WriteStartObject();
            w.WriteStartObject("functionCall");
            w.WriteString("name", reply.FunctionName);
            w.WritePropertyName("args");
            w.WriteRawValue(ToolArguments);
            w.WriteEndObject();
            if (ThoughtSignature is not null)
            {
                w.WriteString("thoughtSignature", ThoughtSignature);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteStartObject();
            w.WriteString("text", text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("role", "model");
        w.WriteEndObject();
        if (finished)
        {
            w.WriteString("finishReason", FinishReason);
        }

        w.WriteNumber("index", index);
        w.WriteEndObject();
    }

    private static void WriteThoughtCandidate(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteStartObject("content");
        w.WriteStartArray("parts");
        w.WriteStartObject();
        w.WriteString("text", text);
        w.WriteBoolean("thought", true);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("role", "model");
        w.WriteEndObject();
        w.WriteNumber("index", 0);
        w.WriteEndObject();
    }

    private void WritePromptFeedback(Utf8JsonWriter w)
    {
        w.WriteStartObject("promptFeedback");
        w.WriteString("blockReason", BlockReason);
        w.WriteStartArray("safetyRatings");
        w.WriteStartObject();
        w.WriteString("category", "HARM_CATEGORY_DANGEROUS_CONTENT");
        w.WriteString("probability", "HIGH");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteUsage(Utf8JsonWriter w, int promptTokens, int? candidatesTokens)
    {
        if (OmitUsage)
        {
            return;
        }

        w.WriteStartObject("usageMetadata");
        w.WriteNumber("promptTokenCount", promptTokens);
        if (candidatesTokens is { } candidates)
        {
            w.WriteNumber("candidatesTokenCount", candidates);
        }

        w.WriteNumber("totalTokenCount", promptTokens + (candidatesTokens ?? 0) + ThoughtsTokens);
        if (CachedTokens > 0)
        {
            w.WriteNumber("cachedContentTokenCount", CachedTokens);
        }

        if (ThoughtsTokens > 0)
        {
            w.WriteNumber("thoughtsTokenCount", ThoughtsTokens);
        }

        w.WriteStartArray("promptTokensDetails");
        w.WriteStartObject();
        w.WriteString("modality", "TEXT");
        w.WriteNumber("tokenCount", promptTokens);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private Reply ChooseReply(JsonElement body)
    {
        var contents = body.GetProperty("contents");
        var lastUser = "";
        string? lastFunctionResponse = null;
        var lastTurnIsFunctionResponse = false;
        foreach (var content in contents.EnumerateArray())
        {
            var role = StringOf(content, "role");
            lastTurnIsFunctionResponse = false;
            if (!content.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var texts = new List<string>();
            foreach (var part in parts.EnumerateArray())
            {
                if (StringOf(part, "text") is { } text)
                {
                    texts.Add(text);
                }

                if (part.TryGetProperty("functionResponse", out var response))
                {
                    lastFunctionResponse = response.TryGetProperty("response", out var r) ? r.GetRawText() : "{}";
                    lastTurnIsFunctionResponse = true;
                }
            }

            if (role == "user" && texts.Count > 0)
            {
                lastUser = string.Join(' ', texts);
            }
        }

        if (lastTurnIsFunctionResponse)
        {
            return new Reply("Tool said: " + lastFunctionResponse, null);
        }

        var calling = body.TryGetProperty("toolConfig", out var toolConfig) && toolConfig.TryGetProperty("functionCallingConfig", out var c) ? c : default;
        var mode = StringOf(calling, "mode");
        if (mode != "NONE" && body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array
            && tools.EnumerateArray().SelectMany(t => t.TryGetProperty("functionDeclarations", out var d) ? d.EnumerateArray() : []).FirstOrDefault() is
            { ValueKind: JsonValueKind.Object } first)
        {
            var name = calling.ValueKind == JsonValueKind.Object && calling.TryGetProperty("allowedFunctionNames", out var allowed)
                && allowed.GetArrayLength() > 0 ? allowed[0].GetString() : StringOf(first, "name");
            return new Reply("", name ?? "tool");
        }

        if (body.TryGetProperty("generationConfig", out var config) && StringOf(config, "responseMimeType") == "application/json")
        {
            return new Reply(JsonReply, null);
        }

        return new Reply(ReplyText ?? "Echo: " + lastUser, null);
    }

    private static int PromptTokens(JsonElement body)
    {
        var tokens = 0;
        void Count(JsonElement content)
        {
            tokens += 2;
            if (content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in parts.EnumerateArray())
                {
                    tokens += TokensOf(part.GetRawText());
                }
            }
        }

        foreach (var content in body.GetProperty("contents").EnumerateArray())
        {
            Count(content);
        }

        if (body.TryGetProperty("systemInstruction", out var system))
        {
            Count(system);
        }

        return Math.Max(1, tokens);
    }

    private Task WriteErrorAsync(HttpContext context, int status, string message, string statusName, CancellationToken ct) =>
        WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteNumber("code", status);
            w.WriteString("message", message);
            w.WriteString("status", statusName);
            w.WriteEndObject();
            w.WriteEndObject();
        }, ct);

    private static string StatusName(int status) => status switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL",
    };

    private static string ResponseId() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', 'x').Replace('/', 'y');

    private sealed record Reply(string Text, string? FunctionName);
}

