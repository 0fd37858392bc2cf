using System.Runtime.CompilerServices;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Http;
using DataPlane.Providers.OpenAi;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Azure;

/// <summary>
/// The <c>azure-openai</c> kind: Azure OpenAI speaks OpenAI's wire format, so bodies and streams go through the OpenAI
/// family's code (<see cref="OpenAiRequestRewriter"/>, <see cref="OpenAiChunkReader"/>, <see cref="OpenAiStreamHandler"/>);
/// what differs is where (<see cref="AzureOpenAiEndpoint"/>: resource, deployment, api-version) and how it authenticates
/// (<c>api-key</c>, or an Entra ID bearer token from <see cref="EntraTokenCache"/>). See <c>Providers/Azure/README.md</c>.
/// </summary>
internal sealed class AzureOpenAiAdapter(UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options, EntraTokenCache entra)
    : HttpProviderAdapter(upstream, tokens, options)
{
    public const string KindName = "azure-openai";

    // Resolved once per provider entry; a new snapshot brings new entries and the old ones are collected (tokens are not: see EntraTokenCache).
    private readonly ConditionalWeakTable<RuntimeProvider, AzureOpenAiEndpoint> _endpoints = new();
    private readonly ConditionalWeakTable<RuntimeProvider, AzureOpenAiEndpoint>.CreateValueCallback _resolve = provider => AzureOpenAiEndpoint.Resolve(provider, entra);

    public override string Kind => KindName;

    public override InferenceOperation Operations =>
        InferenceOperation.ChatCompletions | InferenceOperation.Completions | InferenceOperation.Embeddings | InferenceOperation.ImageGenerations;

    /// <summary>An Entra ID token (an async, cached fetch) in hand before <see cref="BuildRequest"/> reads it.</summary>
    protected override async ValueTask<GatewayError?> PrepareAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var endpoint = _endpoints.GetValue(request.Target.Provider, _resolve);
        if (endpoint.Error is { } error)
        {
            return error;
        }

        if (endpoint.Entra is { } slot)
        {
            var (_, tokenError) = await entra.GetAsync(slot, request.Target.Provider.Slug, cancellationToken);
            return tokenError;
        }

        return null;
    }

    protected override UpstreamRequest? BuildRequest(ProviderRequest request, out GatewayError? error)
    {
        var endpoint = _endpoints.GetValue(request.Target.Provider, _resolve);
        string? authorization = null;
        if (endpoint.Error is not null)
        {
            error = endpoint.Error;
            return null;
        }

        if (endpoint.Entra is { } slot)
        {
            // Fetched (or found fresh) just before this ran; a token is only replaced by a newer one.
            if (slot.Current is not { } token)
            {
                error = GatewayError.ProviderMisconfigured(request.Target.Provider.Slug, "no Microsoft Entra ID token is available.");
                return null;
            }

            authorization = "Bearer " + token.AccessToken;
        }

        var client = request.Request;
        var addIncludeUsage = client.Stream && !client.IncludeUsage && endpoint.SupportsStreamOptions && client.Operation.StreamsWithDone();
        var rewritten = OpenAiRequestRewriter.Rewrite(client.Body.Span, client.Model, request.Target.Model, addIncludeUsage);
        var uri = endpoint.UriFor(client.Operation, endpoint.DeploymentFor(request.Target.Model));
        // Unchanged bytes are the client's body, which the pipeline frees after the response.
        var upstreamRequest = UpstreamRequest.PostJson(uri, rewritten?.WrittenMemory ?? client.Body, rewritten);
        if (authorization is not null)
        {
            upstreamRequest.Message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        else if (endpoint.ApiKey is not null)
        {
            upstreamRequest.Message.Headers.TryAddWithoutValidation(AzureOpenAiEndpoint.ApiKeyHeader, endpoint.ApiKey);
        }

        error = null;
        return upstreamRequest;
    }

    protected override ProviderResult ReadBody(ProviderRequest request, UpstreamCall call, PooledBuffer body) =>
        OpenAiAdapter.ReadAnswer(request, call, body, Tokens);

    protected override SseStreamHandler CreateStreamHandler(ProviderRequest request)
    {
        var client = request.Request;
        var endpoint = _endpoints.GetValue(request.Target.Provider, _resolve);
        // Same decision as BuildRequest: when the gateway asked for usage on the client's behalf, the extra chunk is hidden.
        var added = !client.IncludeUsage && endpoint.SupportsStreamOptions && client.Operation.StreamsWithDone();
        return new OpenAiStreamHandler(dropUsageOnlyChunk: added, requiresDone: client.Operation.StreamsWithDone());
    }
}
