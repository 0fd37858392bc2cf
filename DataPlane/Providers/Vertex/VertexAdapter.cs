using System.Runtime.CompilerServices;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Anthropic;
using DataPlane.Providers.Google;
using DataPlane.Providers.Http;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Vertex;

/// <summary>
/// The <c>vertex-ai</c> kind: Google Cloud's Vertex AI, chat completions only. Gemini models speak the Gemini API's format
/// (<c>…/publishers/google/models/{m}:generateContent</c>), Claude models Anthropic's Messages format
/// (<c>…/publishers/anthropic/models/{m}:rawPredict</c>, with <c>anthropic_version: vertex-2023-10-16</c> in the body and no
/// <c>model</c>); both reuse those adapters' translation, chosen by the model's family. Authentication is an OAuth2 access
/// token from the service-account key (<see cref="VertexServiceAccount"/>), fetched in <see cref="PrepareAsync"/>; a token
/// Vertex refuses (401) is not reused. See <c>Providers/Vertex/README.md</c>.
/// </summary>
internal sealed class VertexAdapter(UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options, TimeProvider time)
    : HttpProviderAdapter(upstream, tokens, options)
{
    public const string KindName = "vertex-ai";

    private readonly VertexServiceAccounts _accounts = new();

    // Resolved once per provider entry; a new snapshot brings new entries and the old ones are collected.
    private readonly ConditionalWeakTable<RuntimeProvider, VertexEndpoint> _endpoints = new();

    public override string Kind => KindName;

    public override InferenceOperation Operations => InferenceOperation.ChatCompletions;

    protected override async ValueTask<GatewayError?> PrepareAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(request);
        if (endpoint.Error is not null)
        {
            return endpoint.Error;
        }

        var slug = request.Target.Provider.Slug;
        var timeoutMs = Options.UpstreamTimeoutMs;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        try
        {
            await endpoint.Account.GetAccessTokenAsync(timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return GatewayError.UpstreamTimeout(slug, timeoutMs);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TokenError(slug, ex);
        }
    }

    private VertexEndpoint EndpointOf(ProviderRequest request) =>
        _endpoints.GetValue(request.Target.Provider, p => VertexEndpoint.Resolve(p, _accounts));

    protected override UpstreamRequest? BuildRequest(ProviderRequest request, out GatewayError? error)
    {
        // PrepareAsync fetched (or found fresh) the token just before this ran.
        var endpoint = EndpointOf(request);
        if (endpoint.Account.CurrentAccessToken is not { } token)
        {
            error = GatewayError.ProviderMisconfigured(request.Target.Provider.Slug, "no access token is available for the service account.");
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
    protected override GatewayError MapError(ProviderRequest request, int status, ReadOnlySpan<byte> body, string? retryAfter)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            // Our token was refused (revoked, the key rotated): the next request fetches a new one.
            EndpointOf(request).Account.Reject();
        }

        return VertexEndpoint.FamilyOf(request.Target.Model) == VertexModelFamily.Anthropic && !IsGoogleError(body)
            ? AnthropicErrors.FromBody(status, body, request.Target.Provider, retryAfter)
            : GeminiErrors.FromBody(status, body, request.Target.Provider, retryAfter);
    }

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

    /// <summary>A failed token fetch → 502 with the slug; only the OAuth error code is quoted (never the key or the server's text).</summary>
    private static GatewayError TokenError(string slug, Exception ex) => ex switch
    {
        TokenResponseException { Error.Error: { } code } when code.Length <= 64 && code.All(c => char.IsAsciiLetterLower(c) || c == '_')
            => GatewayError.ProviderMisconfigured(slug, $"the service account's access token was refused by its token_uri ({code})."),
        TokenResponseException => GatewayError.ProviderMisconfigured(slug, "the service account's access token was refused by its token_uri."),
        HttpRequestException => GatewayError.UpstreamUnreachable(slug, "the service account's token_uri could not be reached"),
        _ => GatewayError.ProviderMisconfigured(slug, "no access token could be obtained for the service account."),
    };
}
