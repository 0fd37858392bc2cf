using System.Runtime.CompilerServices;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Http;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Anthropic;

/// <summary>
/// The <c>anthropic</c> kind: OpenAI chat requests translated to Anthropic's Messages API
/// (<c>POST {base}/v1/messages</c>, <c>x-api-key</c>, <c>anthropic-version</c>) and its answers back to OpenAI's
/// shapes — <see cref="AnthropicRequestTranslator"/>, <see cref="AnthropicResponseReader"/>,
/// <see cref="AnthropicStreamHandler"/>, <see cref="AnthropicErrors"/>. Chat completions only: Anthropic has no
/// embeddings, legacy completions or image generation.
/// </summary>
internal sealed class AnthropicAdapter(UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options)
    : HttpProviderAdapter(upstream, tokens, options)
{
    // The answer goes to an API client, not into HTML: text stays as the model wrote it (no \u0027 for "'"), as OpenAI's does.

    // Resolved once per provider entry; a new snapshot brings new entries and the old ones are collected.
    private static readonly ConditionalWeakTable<RuntimeProvider, AnthropicEndpoint>.CreateValueCallback Resolve = AnthropicEndpoint.Resolve;
    private readonly ConditionalWeakTable<RuntimeProvider, AnthropicEndpoint> _endpoints = new();

    public override string Kind => "anthropic";

    public override InferenceOperation Operations => InferenceOperation.ChatCompletions;

    protected override UpstreamRequest? BuildRequest(ProviderRequest request, out GatewayError? error)
    {
        var endpoint = _endpoints.GetValue(request.Target.Provider, Resolve);
        if (endpoint.Error is not null)
        {
            error = endpoint.Error;
            return null;
        }

        var client = request.Request;
        if (AnthropicRequestTranslator.Translate(client.Body.Span, request.Target.Model, client.Stream, endpoint.MaxTokens, out error) is not { } body)
        {
            return null;
        }

        var upstreamRequest = UpstreamRequest.PostJson(endpoint.MessagesUri, body.WrittenMemory, body);
        var message = upstreamRequest.Message;
        if (endpoint.ApiKey is not null)
        {
            message.Headers.TryAddWithoutValidation("x-api-key", endpoint.ApiKey);
        }

        message.Headers.TryAddWithoutValidation("anthropic-version", endpoint.Version);
        if (endpoint.Beta is not null)
        {
            message.Headers.TryAddWithoutValidation("anthropic-beta", endpoint.Beta);
        }

        return upstreamRequest;
    }

    protected override ProviderResult ReadBody(ProviderRequest request, UpstreamCall call, PooledBuffer body) =>
        ReadAnswer(request, call, body, Tokens);

    /// <summary>
    /// A whole Messages answer → <c>chat.completion</c> with usage; takes ownership of <paramref name="body"/>. Shared with
    /// Vertex AI, which answers Claude models in the same format.
    /// </summary>
    internal static ProviderResult ReadAnswer(ProviderRequest request, UpstreamCall call, PooledBuffer body, TokenCounter tokens)
    {
        using (body)
        {
            if (!AnthropicResponseReader.TryRead(body.WrittenSpan, out var id, out var message, out var stopReason, out var reported, out var why))
            {
                return GatewayError.UpstreamInvalidResponse(request.Target.Provider.Slug, why!);
            }

            using var usage = new UsageAccumulator();
            usage.Report(reported);
            if (reported.CompletionTokens is null)
            {
                AppendAnswerText(usage, message);
            }

            var report = usage.ToReport(request.Request, tokens, countMissing: true, call.ElapsedMs, ttftMs: null);
            var translated = new PooledBuffer(body.Length + 256);
            using (var writer = new Utf8JsonWriter(translated, WireJson.WriterOptions))
            {
                ChatCompletionWriter.WriteCompletion(writer, "chatcmpl-" + (id ?? Guid.CreateVersion7().ToString("N")),
                    DateTimeOffset.UtcNow.ToUnixTimeSeconds(), request.Target.Model, message, AnthropicStopReasons.ToFinishReason(stopReason), report);
            }

            return new BufferedResponse(StatusCodes.Status200OK, "application/json", translated, report);
        }
    }

    protected override SseStreamHandler CreateStreamHandler(ProviderRequest request) =>
        new AnthropicStreamHandler(request.Request, request.Target.Model, request.Target.Provider, Tokens);

    protected override GatewayError MapError(ProviderRequest request, int status, ReadOnlySpan<byte> body, string? retryAfter) =>
        AnthropicErrors.FromBody(status, body, request.Target.Provider, retryAfter);

    /// <summary>Only where Anthropic reported no output count (never in practice): the tokenizer counts the answer.</summary>
    private static void AppendAnswerText(UsageAccumulator usage, AssistantMessage message)
    {
        if (message.Content is not null)
        {
            usage.AppendText(System.Text.Encoding.UTF8.GetBytes(message.Content));
        }

        foreach (var call in message.ToolCalls)
        {
            usage.AppendText(System.Text.Encoding.UTF8.GetBytes(call.Name + call.ArgumentsJson));
        }
    }
}
