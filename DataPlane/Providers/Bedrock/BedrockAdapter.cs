using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Http;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// The <c>bedrock</c> kind: OpenAI chat requests translated to Bedrock's Converse API (<c>POST {base}/model/{modelId}/converse</c>,
/// streams <c>/converse-stream</c>), every request signed with AWS Signature Version 4 (<see cref="SigV4Signer"/>, clock from
/// <see cref="TimeProvider"/>). Converse is one API for every model family on Bedrock (Anthropic, Meta, Mistral, Amazon, Cohere).
/// <para>It implements <see cref="IProviderAdapter"/> itself rather than deriving from <see cref="HttpProviderAdapter"/>: its
/// streams are the binary AWS event stream (<see cref="EventStreamResponse"/>), not SSE, and its error type is in a header.
/// The sequence is the base's — send through <see cref="UpstreamClient"/>, non-2xx → <see cref="BedrockErrors"/>, stream →
/// relay, body → translate.</para>
/// </summary>
internal sealed class BedrockAdapter(UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options, TimeProvider clock) : IProviderAdapter
{
    private static readonly ConditionalWeakTable<RuntimeProvider, BedrockEndpoint>.CreateValueCallback Resolve = BedrockEndpoint.Resolve;
    private readonly ConditionalWeakTable<RuntimeProvider, BedrockEndpoint> _endpoints = new();

    public string Kind => "bedrock";

    public InferenceOperation Operations => InferenceOperation.ChatCompletions;

    public async ValueTask<ProviderResult> SendAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        if (BuildRequest(request, out var buildError) is not { } upstreamRequest)
        {
            return buildError ?? GatewayError.Internal();
        }

        var slug = request.Target.Provider.Slug;
        var sent = await upstream.SendAsync(upstreamRequest, slug, cancellationToken);
        if (sent.Call is not { } call)
        {
            return sent.Error ?? GatewayError.Internal();
        }

        var handedOver = false;
        try
        {
            var limits = options.Value;
            if (!call.Response.IsSuccessStatusCode)
            {
                var (errorBody, _) = await UpstreamBodyReader.ReadAsync(call, slug, limits.UpstreamErrorBodyBytes, truncate: true);
                using (errorBody)
                {
                    var retryAfter = call.Response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
                    var errorType = call.Response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
                    var error = BedrockErrors.FromBody(call.StatusCode, errorBody is null ? default : errorBody.WrittenSpan, errorType, request.Target.Provider, retryAfter);
                    return error with { RetryDelay = RetryAfterHeaders.Delay(call.Response.Headers, upstreamNow: clock.GetUtcNow()) };
                }
            }

            if (request.Request.Stream && IsEventStream(call.Response))
            {
                handedOver = true;
                var handler = new ConverseStreamHandler(request.Request, request.Target.Model, request.Target.Provider, tokens);
                return new EventStreamResponse(request, call, handler, tokens, limits.MaxUpstreamResponseBytes);
            }

            var (body, readError) = await UpstreamBodyReader.ReadAsync(call, slug, limits.MaxUpstreamResponseBytes, truncate: false);
            return body is null ? readError ?? GatewayError.Internal() : ReadBody(request, call, body);
        }
        finally
        {
            if (!handedOver)
            {
                call.Dispose();
            }
        }
    }

    private UpstreamRequest? BuildRequest(ProviderRequest request, out GatewayError? error)
    {
        var endpoint = _endpoints.GetValue(request.Target.Provider, Resolve);
        if (endpoint.Error is not null)
        {
            error = endpoint.Error;
            return null;
        }

        if (ConverseRequestTranslator.Translate(request.Request.Body.Span, out error) is not { } body)
        {
            return null;
        }

        var uri = endpoint.ConverseUri(request.Target.Model, request.Request.Stream);
        var signature = SigV4Signer.Sign("POST", uri, [], body.WrittenSpan, endpoint.Credentials, endpoint.Region, BedrockEndpoint.Service, clock.GetUtcNow());
        var upstreamRequest = UpstreamRequest.PostJson(uri, body.WrittenMemory, body);
        var headers = upstreamRequest.Message.Headers;
        headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        if (signature.SecurityToken is not null)
        {
            headers.TryAddWithoutValidation("X-Amz-Security-Token", signature.SecurityToken);
        }

        if (request.Request.Stream)
        {
            headers.TryAddWithoutValidation("Accept", EventStreamDecoder.ContentType);
        }

        return upstreamRequest;
    }

    private ProviderResult ReadBody(ProviderRequest request, UpstreamCall call, PooledBuffer body)
    {
        using (body)
        {
            if (!ConverseResponseReader.TryRead(body.WrittenSpan, out var message, out var stopReason, out var reported, out var why))
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
            var requestId = call.Response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
            var translated = new PooledBuffer(body.Length + 256);
            using (var writer = new Utf8JsonWriter(translated, WireJson.WriterOptions))
            {
                ChatCompletionWriter.WriteCompletion(writer, "chatcmpl-" + (requestId ?? Guid.CreateVersion7().ToString("N")),
                    clock.GetUtcNow().ToUnixTimeSeconds(), request.Target.Model, message, BedrockStopReasons.ToFinishReason(stopReason), report);
            }

            return new BufferedResponse(StatusCodes.Status200OK, "application/json", translated, report);
        }
    }

    private static bool IsEventStream(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, EventStreamDecoder.ContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Only where Bedrock reported no output count: the tokenizer counts the answer.</summary>
    private static void AppendAnswerText(UsageAccumulator usage, AssistantMessage message)
    {
        if (message.Content is not null)
        {
            usage.AppendText(Encoding.UTF8.GetBytes(message.Content));
        }

        foreach (var toolCall in message.ToolCalls)
        {
            usage.AppendText(Encoding.UTF8.GetBytes(toolCall.Name + toolCall.ArgumentsJson));
        }
    }
}
