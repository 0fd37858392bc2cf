using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Anthropic;
using DataPlane.Providers.Google;
using DataPlane.Providers.Http;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Vertex;

/// <summary>
/// The HTTP half of <see cref="VertexAdapter"/> (not registered itself): builds the Vertex URL and bearer header, and hands the
/// body, the answer, the stream and the errors to the Gemini or Anthropic translation by the model's family — the formats
/// on Vertex are those APIs' own. Claude bodies carry <c>anthropic_version: vertex-2023-10-16</c> and no <c>model</c>.
/// </summary>
internal sealed class VertexHttpAdapter(UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options, TimeProvider time)
    : HttpProviderAdapter(upstream, tokens, options)
{
    // The base builds the request synchronously inside SendAsync; the endpoint and the token fetched just before reach
    // BuildRequest through this flow-local, set only within SendAsync below.
    private readonly AsyncLocal<(VertexEndpoint Endpoint, string Token)?> _call = new();

    public override string Kind => VertexAdapter.KindName;

    public override InferenceOperation Operations => InferenceOperation.ChatCompletions;

    public async ValueTask<ProviderResult> SendAsync(ProviderRequest request, VertexEndpoint endpoint, string accessToken, CancellationToken cancellationToken)
    {
        _call.Value = (endpoint, accessToken);
        return await SendAsync(request, cancellationToken);
    }

    protected override UpstreamRequest? BuildRequest(ProviderRequest request, out GatewayError? error)
    {
        if (_call.Value is not var (endpoint, token))
        {
            error = GatewayError.Internal();
            return null;
        }

        var client = request.Request;
        var model = request.Target.Model;
        PooledBuffer? body;
        if (VertexEndpoint.FamilyOf(model) == VertexModelFamily.Anthropic)
        {
            body = AnthropicRequestTranslator.Translate(client.Body.Span, model: null, client.Stream, AnthropicEndpoint.DefaultMaxTokens,
                VertexEndpoint.AnthropicVersion, out error);
        }
        else
        {
            try
            {
                body = GeminiRequestTranslator.Translate(client.Body, client.Stream, out error);
            }
            catch (JsonException)
            {
                error = GatewayError.InvalidJson("the request body could not be read as JSON");
                return null;
            }
        }

        if (body is null)
        {
            return null;
        }

        var upstreamRequest = UpstreamRequest.PostJson(endpoint.UriFor(model, client.Stream), body.WrittenMemory, body);
        upstreamRequest.Message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return upstreamRequest;
    }

    protected override ProviderResult ReadBody(ProviderRequest request, UpstreamCall call, PooledBuffer body) =>
        VertexEndpoint.FamilyOf(request.Target.Model) == VertexModelFamily.Anthropic
            ? AnthropicAdapter.ReadAnswer(request, call, body, Tokens)
            : GoogleAdapter.ReadAnswer(request, call, body, Tokens, time.GetUtcNow().ToUnixTimeSeconds());

    protected override SseStreamHandler CreateStreamHandler(ProviderRequest request) =>
        VertexEndpoint.FamilyOf(request.Target.Model) == VertexModelFamily.Anthropic
            ? new AnthropicStreamHandler(request.Request, request.Target.Model, request.Target.Provider, Tokens)
            : new GeminiStreamHandler(request, Tokens, request.Target.Model, time.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>
    /// Vertex's own errors (auth, quota, unknown model) are Google's <c>{"error":{"code","message","status"}}</c> for every model;
    /// a Claude model's own errors come in Anthropic's shape.
    /// </summary>
    protected override GatewayError MapError(ProviderRequest request, int status, ReadOnlySpan<byte> body, string? retryAfter) =>
        VertexEndpoint.FamilyOf(request.Target.Model) == VertexModelFamily.Anthropic && !IsGoogleError(body)
            ? AnthropicErrors.FromBody(status, body, request.Target.Provider, retryAfter)
            : GeminiErrors.FromBody(status, body, request.Target.Provider, retryAfter);

    private static bool IsGoogleError(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            // Google's: {"error":{"code":…,"message":…,"status":"…"}} (or a one-element array of it); Anthropic's error has "type".
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth <= 3 && reader.ValueTextEquals("status"u8))
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
