using System.Runtime.CompilerServices;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Http;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Vertex;

/// <summary>
/// The <c>vertex-ai</c> kind: Google Cloud's Vertex AI, chat completions only. Gemini models speak the Gemini API's format
/// (<c>…/publishers/google/models/{m}:generateContent</c>), Claude models Anthropic's Messages format
/// (<c>…/publishers/anthropic/models/{m}:rawPredict</c>); both reuse those adapters' translation (<see cref="VertexHttpAdapter"/>).
/// Authentication is an OAuth2 access token from the service-account key (<see cref="VertexServiceAccount"/>), fetched here
/// before the call because the HTTP base builds requests synchronously. See <c>Providers/Vertex/README.md</c>.
/// </summary>
internal sealed class VertexAdapter(UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options, TimeProvider time) : IProviderAdapter
{
    public const string KindName = "vertex-ai";

    private readonly VertexServiceAccounts _accounts = new();

    // Resolved once per provider entry; a new snapshot brings new entries and the old ones are collected.
    private readonly ConditionalWeakTable<RuntimeProvider, VertexEndpoint> _endpoints = new();
    private readonly VertexHttpAdapter _http = new(upstream, tokens, options, time);

    public string Kind => KindName;

    public InferenceOperation Operations => InferenceOperation.ChatCompletions;

    public async ValueTask<ProviderResult> SendAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var provider = request.Target.Provider;
        var endpoint = _endpoints.GetValue(provider, p => VertexEndpoint.Resolve(p, _accounts));
        if (endpoint.Error is not null)
        {
            return endpoint.Error;
        }

        var timeoutMs = options.Value.UpstreamTimeoutMs;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        string accessToken;
        try
        {
            accessToken = await endpoint.Account.GetAccessTokenAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return GatewayError.UpstreamTimeout(provider.Slug, timeoutMs);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TokenError(provider.Slug, ex);
        }

        var result = await _http.SendAsync(request, endpoint, accessToken, cancellationToken);
        if (result.Error is { Status: StatusCodes.Status401Unauthorized })
        {
            endpoint.Account.Reject();
        }

        return result;
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
