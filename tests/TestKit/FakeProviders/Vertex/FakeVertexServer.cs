using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TestKit.FakeProviders.Vertex;

/// <summary>
/// An in-process fake of Vertex AI's publisher-model endpoints, composed of <see cref="FakeGeminiServer"/>,
/// <see cref="FakeAnthropicServer"/> and <see cref="FakeGoogleTokenServer"/>:
/// <code>
/// await using var fake = await FakeVertexServer.StartAsync(ct);
/// // provider base_url = fake.BaseUrl, key = fake.Tokens.ServiceAccountJson(), configurations {"region":"us-central1"}
/// // POST /v1/projects/{p}/locations/{r}/publishers/google/models/{m}:generateContent | :streamGenerateContent?alt=sse
/// // POST /v1/projects/{p}/locations/{r}/publishers/anthropic/models/{m}:rawPredict | :streamRawPredict
/// fake.Tokens.RequestCount;          // token fetches
/// fake.Gemini.ReplyText = "…";       // the answers are the composed fakes'
/// </code>
/// Like Vertex it refuses (Google's error shape) a missing or unknown bearer token (401 UNAUTHENTICATED) and unknown paths
/// (404); a Claude body without <c>anthropic_version: vertex-2023-10-16</c> or with a <c>model</c> field gets Anthropic's 400.
/// Otherwise the request goes to the composed fake in its own API's form (the Claude body gains <c>model</c> from the URL)
/// and its answer comes back unchanged, streamed as it arrives. Faults queued here apply at Vertex's door; mid-stream faults
/// are handed to the composed fake.
/// </summary>
public sealed class FakeVertexServer : FakeUpstreamServer
{
    public const string VertexAnthropicVersion = "vertex-2023-10-16";

    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    private FakeVertexServer(FakeGeminiServer gemini, FakeAnthropicServer anthropic, FakeGoogleTokenServer tokens)
    {
        Gemini = gemini;
        Anthropic = anthropic;
        Tokens = tokens;
    }

    public FakeGeminiServer Gemini { get; }

    public FakeAnthropicServer Anthropic { get; }

    public FakeGoogleTokenServer Tokens { get; }

    public static async Task<FakeVertexServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var gemini = await FakeGeminiServer.StartAsync(cancellationToken);
        var anthropic = await FakeAnthropicServer.StartAsync(cancellationToken);
        var tokens = await FakeGoogleTokenServer.StartAsync(cancellationToken);
        return await StartAsync(new FakeVertexServer(gemini, anthropic, tokens), cancellationToken);
    }

    /// <summary>Resets this fake and the composed ones (token fetch counts are kept; issued tokens stay valid).</summary>
    public override void Reset()
    {
        base.Reset();
        Gemini.Reset();
        Anthropic.Reset();
        Tokens.Reset();
    }

    /// <summary>Stops the composed fakes too.</summary>
    public async Task StopAllAsync()
    {
        await DisposeAsync();
        await Gemini.DisposeAsync();
        await Anthropic.DisposeAsync();
        await Tokens.DisposeAsync();
        _client.Dispose();
    }

    private protected override string RawFaultContentType(string body) => body.StartsWith('{') || body.StartsWith('[') ? "application/json" : "text/plain";

    /// <summary>Vertex's front door answers in Google's shape; a fault's all-caps <see cref="FakeFault.Type"/> is the status name.</summary>
    private protected override Task WriteFaultErrorAsync(HttpContext context, FakeFault fault, CancellationToken ct)
    {
        var status = fault.Type.Length > 0 && fault.Type.All(c => c is (>= 'A' and <= 'Z') or '_') ? fault.Type : StatusName(fault.StatusCode);
        return WriteGoogleErrorAsync(context, fault.StatusCode, fault.Message, status, ct);
    }

    private protected override async Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct)
    {
        // /v1/projects/{p}/locations/{r}/publishers/{publisher}/models/{model}:{method}
        var path = context.Request.Path.Value ?? "";
        var segments = path.Split('/');
        var colon = path.LastIndexOf(':');
        if (context.Request.Method != "POST" || segments.Length != 10 || segments[1] != "v1" || segments[2] != "projects" || segments[4] != "locations"
            || segments[6] != "publishers" || segments[8] != "models" || colon < 0)
        {
            await WriteGoogleErrorAsync(context, 404, "The requested URL was not found on this server.", "NOT_FOUND", ct);
            return;
        }

        var authorization = recorded.Header("authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !Tokens.Issued(authorization["Bearer ".Length..]))
        {
            await WriteGoogleErrorAsync(context, 401,
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                "UNAUTHENTICATED", ct);
            return;
        }

        var publisher = segments[7];
        var model = Uri.UnescapeDataString(segments[9][..segments[9].IndexOf(':')]);
        var method = path[(colon + 1)..];
        switch (publisher, method)
        {
            case ("google", "generateContent" or "streamGenerateContent"):
                if (midStreamFault is not null)
                {
                    Gemini.EnqueueFault(midStreamFault);
                }

                await ForwardAsync(context, new Uri($"{Gemini.Origin}/v1beta/models/{Uri.EscapeDataString(model)}:{method}{context.Request.QueryString}"),
                    recorded.Body, null, ct);
                return;
            case ("anthropic", "rawPredict" or "streamRawPredict"):
                if (AnthropicBody(recorded, model, out var problem) is not { } body)
                {
                    await WriteAnthropicErrorAsync(context, problem!, ct);
                    return;
                }

                if (midStreamFault is not null)
                {
                    Anthropic.EnqueueFault(midStreamFault);
                }

                await ForwardAsync(context, new Uri($"{Anthropic.Origin}/v1/messages"), body, "2023-06-01", ct);
                return;
            default:
                await WriteGoogleErrorAsync(context, 404, $"Publisher Model `{publisher}/{model}` method `{method}` was not found.", "NOT_FOUND", ct);
                return;
        }
    }

    /// <summary>Vertex's Claude body → the Messages API's: <c>anthropic_version</c> required (and removed), <c>model</c> refused (and added).</summary>
    private static byte[]? AnthropicBody(RecordedRequest recorded, string model, out string? problem)
    {
        if (!recorded.TryGetJson(out var json) || JsonNode.Parse(recorded.Body) is not JsonObject body)
        {
            problem = "There was an issue with your request body: invalid JSON.";
            return null;
        }

        if (json.TryGetProperty("model", out _))
        {
            problem = "model: Extra inputs are not permitted";
            return null;
        }

        if (FakeWire.StringOf(json, "anthropic_version") != VertexAnthropicVersion)
        {
            problem = $"anthropic_version: Input should be '{VertexAnthropicVersion}'";
            return null;
        }

        body.Remove("anthropic_version");
        body["model"] = model;
        problem = null;
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>Sends the request on and copies the answer back as it arrives; a dropped upstream drops the caller too.</summary>
    private async Task ForwardAsync(HttpContext context, Uri target, byte[] body, string? anthropicVersion, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (anthropicVersion is not null)
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", anthropicVersion);
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }

        await context.Response.StartAsync(ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            await Task.Delay(100, ct);
            context.Abort();
        }
    }

    private Task WriteGoogleErrorAsync(HttpContext context, int code, string message, string status, CancellationToken ct) =>
        WriteJsonAsync(context, code, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteNumber("code", code);
            w.WriteString("message", message);
            w.WriteString("status", status);
            w.WriteEndObject();
            w.WriteEndObject();
        }, ct);

    private Task WriteAnthropicErrorAsync(HttpContext context, string message, CancellationToken ct) =>
        WriteJsonAsync(context, 400, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", "invalid_request_error");
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        }, ct);

    private static string StatusName(int code) => code switch
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
}
