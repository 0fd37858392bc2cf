using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TestKit.FakeProviders;

/// <summary>
/// An in-process fake of Google's Gemini API (v1beta): Kestrel on 127.0.0.1 and a free port, speaking its wire format
/// (shapes from ai.google.dev/api: <c>GenerateContentRequest</c>/<c>GenerateContentResponse</c>, errors as
/// <c>{"error":{"code","message","status"}}</c>), with faults on demand.
/// <code>
/// await using var fake = await FakeGeminiServer.StartAsync(ct);
/// // provider base_url = fake.BaseUrl ("http://127.0.0.1:PORT"); requests go to
/// // /v1beta/models/{model}:generateContent and /v1beta/models/{model}:streamGenerateContent?alt=sse
/// fake.EnqueueFault(FakeFault.Status(429, "Resource has been exhausted")); // the next request only
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
public sealed class FakeGeminiServer : IAsyncDisposable
{
    private const int MaxRecorded = 64;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeFault> _faults = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _requestCount;

    private FakeGeminiServer(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:PORT</c> — what a <c>google</c> provider's <c>base_url</c> should be.</summary>
    public string BaseUrl { get; private set; } = "";

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

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public RecordedRequest? LastRequest => _requests.LastOrDefault();

    public int RequestCount => Volatile.Read(ref _requestCount);

    public static async Task<FakeGeminiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        var server = new FakeGeminiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = $"http://127.0.0.1:{new Uri(address).Port}";
        return server;
    }

    /// <summary>The next request fails this way (Status, Hang, SilentAfter, DropAfter); one fault per request, in order.</summary>
    public void EnqueueFault(FakeFault fault) => _faults.Enqueue(fault);

    /// <summary>Forget queued faults and recorded requests, and put every answer setting back to its default.</summary>
    public void Reset()
    {
        _faults.Clear();
        _requests.Clear();
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

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Hung handlers were cancelled above; a slow shutdown is not a test failure.
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var recorded = await RecordAsync(context);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        try
        {
            if (_faults.TryDequeue(out var fault) && fault.Kind is not (FakeFaultKind.SilentMidStream or FakeFaultKind.DropMidStream))
            {
                await FailAsync(context, fault, ct);
                return;
            }

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

            JsonElement body;
            try
            {
                body = recorded.Json;
            }
            catch (JsonException)
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
                await StreamAsync(context, model, body, fault, ct);
            }
            else
            {
                await WriteErrorAsync(context, 400, "This fake only streams with alt=sse.", "INVALID_ARGUMENT", ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller went away (or the fake is stopping).
        }
        catch (IOException)
        {
            // The caller reset the connection while we wrote.
        }
        finally
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                recorded.MarkAborted();
            }
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key.ToLowerInvariant()] = header.Value.ToString();
        }

        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, buffer.ToArray());
        context.RequestAborted.Register(recorded.MarkAborted);
        _requests.Enqueue(recorded);
        while (_requests.Count > MaxRecorded && _requests.TryDequeue(out _))
        {
        }

        return recorded;
    }

    private static async Task FailAsync(HttpContext context, FakeFault fault, CancellationToken ct)
    {
        if (fault.Kind == FakeFaultKind.HangBeforeHeaders)
        {
            await Task.Delay(Timeout.Infinite, ct);
            return;
        }

        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (fault.RawBody is { } raw)
        {
            context.Response.StatusCode = fault.StatusCode;
            context.Response.ContentType = raw.StartsWith('[') || raw.StartsWith('{') ? "application/json" : "text/plain";
            await context.Response.WriteAsync(raw, ct);
            return;
        }

        // FakeFault.Type is taken as Gemini's status name when it is one (RESOURCE_EXHAUSTED), else derived from the code.
        var status = fault.Type.Length > 0 && fault.Type.All(c => c is (>= 'A' and <= 'Z') or '_') ? fault.Type : StatusName(fault.StatusCode);
        await WriteErrorAsync(context, fault.StatusCode, fault.Message, status, ct);
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
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(ct);

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
                    tokens += (Encoding.UTF8.GetByteCount(part.GetRawText()) + 3) / 4;
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

    private static async Task FailMidStreamAsync(HttpContext context, FakeFault fault, CancellationToken ct)
    {
        if (fault.Kind == FakeFaultKind.DropMidStream)
        {
            // A flush hands bytes to Kestrel, not yet to the socket; Abort would discard what is still queued.
            await Task.Delay(100, ct);
            context.Abort();
            return;
        }

        await Task.Delay(Timeout.Infinite, ct);
    }

    private static async Task WriteEventAsync(HttpContext context, Action<Utf8JsonWriter> write, CancellationToken ct)
    {
        var output = context.Response.BodyWriter;
        output.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(output))
        {
            write(writer);
        }

        output.Write("\r\n\r\n"u8);
        await output.FlushAsync(ct);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string statusName, CancellationToken ct) =>
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

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>One piece per word with its leading space: concatenated they are exactly the text.</summary>
    private static List<string> SplitWords(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ' ' && text[i - 1] != ' '))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        return pieces;
    }

    private sealed record Reply(string Text, string? FunctionName);
}
