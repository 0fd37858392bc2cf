using System.Runtime.CompilerServices;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Http;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Google;

/// <summary>
/// The <c>google</c> kind: Google's Gemini API (v1beta, <c>generateContent</c> / <c>streamGenerateContent?alt=sse</c>), chat
/// completions only. Requests are translated by <see cref="GeminiRequestTranslator"/>, answers by <see cref="GeminiResponseReader"/>
/// + <see cref="GeminiChoicesWriter"/>, streams by <see cref="GeminiStreamHandler"/>, errors by <see cref="GeminiErrors"/>.
/// See <c>Providers/Google/README.md</c> for the mapping decisions.
/// </summary>
internal sealed class GoogleAdapter(UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options, TimeProvider time)
    : HttpProviderAdapter(upstream, tokens, options)
{
    public const string KindName = "google";

    // Resolved once per provider entry; a new snapshot brings new entries and the old ones are collected.
    private readonly ConditionalWeakTable<RuntimeProvider, GeminiEndpoint> _endpoints = new();

    public override string Kind => KindName;

    public override InferenceOperation Operations => InferenceOperation.ChatCompletions;

    protected override UpstreamRequest? BuildRequest(ProviderRequest request, out GatewayError? error)
    {
        var endpoint = _endpoints.GetValue(request.Target.Provider, GeminiEndpoint.Resolve);
        if (endpoint.Error is not null)
        {
            error = endpoint.Error;
            return null;
        }

        var client = request.Request;
        PooledBuffer? body;
        try
        {
            body = GeminiRequestTranslator.Translate(client.Body, client.Stream, out error);
        }
        catch (JsonException)
        {
            // The parser already accepted the body as JSON; this only guards against a body it did not fully read.
            error = GatewayError.InvalidJson("the request body could not be read as JSON");
            return null;
        }

        if (body is null)
        {
            return null;
        }

        var upstreamRequest = UpstreamRequest.PostJson(endpoint.UriFor(request.Target.Model, client.Stream), body.WrittenMemory, body);
        if (endpoint.ApiKey is not null)
        {
            upstreamRequest.Message.Headers.TryAddWithoutValidation(GeminiEndpoint.ApiKeyHeader, endpoint.ApiKey);
        }

        return upstreamRequest;
    }

    protected override ProviderResult ReadBody(ProviderRequest request, UpstreamCall call, PooledBuffer body) =>
        ReadAnswer(request, call, body, Tokens, time.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>
    /// A whole <c>GenerateContentResponse</c> → <c>chat.completion</c> with usage; takes ownership of <paramref name="body"/>.
    /// Shared with Vertex AI, which answers Gemini models in the same format.
    /// </summary>
    internal static ProviderResult ReadAnswer(ProviderRequest request, UpstreamCall call, PooledBuffer body, TokenCounter tokens, long created)
    {
        using (body)
        {
            using var usage = new UsageAccumulator();
            GeminiResponse response;
            try
            {
                response = GeminiResponseReader.Read(body.WrittenSpan, usage);
            }
            catch (JsonException)
            {
                return GatewayError.UpstreamInvalidResponse(request.Target.Provider.Slug, "the body is not a GenerateContentResponse");
            }

            if (response.Error is { } error)
            {
                return GeminiErrors.InStream(error, request.Target.Provider);
            }

            if (!response.Usage.IsEmpty)
            {
                usage.Report(response.Usage);
            }

            var report = usage.ToReport(request.Request, tokens, countMissing: true, call.ElapsedMs, ttftMs: null);
            var translated = new PooledBuffer(body.Length + 256);
            using (var writer = new Utf8JsonWriter(translated, WireJson.WriterOptions))
            {
                GeminiChoicesWriter.Write(writer, ResponseIds.ChatCompletionId(response.ResponseId), created,
                    request.Target.Model, response, report);
            }

            return new BufferedResponse(StatusCodes.Status200OK, "application/json", translated, report);
        }
    }

    protected override SseStreamHandler CreateStreamHandler(ProviderRequest request) =>
        new GeminiStreamHandler(request, Tokens, request.Target.Model, time.GetUtcNow().ToUnixTimeSeconds());

    protected override GatewayError MapError(ProviderRequest request, int status, ReadOnlySpan<byte> body, string? retryAfter) =>
        GeminiErrors.FromBody(status, body, request.Target.Provider, retryAfter);
}
