using System.Runtime.CompilerServices;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Http;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.OpenAi;

/// <summary>
/// Every OpenAI-compatible kind, one instance per <see cref="OpenAiPreset"/>: the client's bytes go
/// upstream nearly untouched (<see cref="OpenAiRequestRewriter"/>), the answer comes back as it was sent
/// (bodies relayed, SSE events relayed one by one), and usage is read on the way.
/// </summary>
internal sealed class OpenAiAdapter(OpenAiPreset preset, UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options)
    : HttpProviderAdapter(upstream, tokens, options)
{
    // Resolved once per provider entry; a new snapshot brings new entries and the old ones are collected.
    private readonly ConditionalWeakTable<RuntimeProvider, OpenAiEndpoint> _endpoints = new();
    private readonly ConditionalWeakTable<RuntimeProvider, OpenAiEndpoint>.CreateValueCallback _resolve = provider => OpenAiEndpoint.Resolve(provider, preset);

    public OpenAiPreset Preset => preset;

    public override string Kind => preset.Kind;

    public override InferenceOperation Operations => preset.Operations;

    protected override UpstreamRequest? BuildRequest(ProviderRequest request, out GatewayError? error)
    {
        var endpoint = _endpoints.GetValue(request.Target.Provider, _resolve);
        if (endpoint.Error is not null)
        {
            error = endpoint.Error;
            return null;
        }

        var client = request.Request;
        var addIncludeUsage = client.Stream && !client.IncludeUsage && preset.SupportsStreamOptions && client.Operation.StreamsWithDone();
        var rewritten = OpenAiRequestRewriter.Rewrite(client.Body.Span, client.Model, request.Target.Model, addIncludeUsage);
        // Unchanged bytes are the client's body, which the pipeline frees after the response.
        var upstreamRequest = UpstreamRequest.PostJson(endpoint.UriFor(client.Operation), rewritten?.WrittenMemory ?? client.Body, rewritten);
        if (endpoint.AuthValue is not null)
        {
            upstreamRequest.Message.Headers.TryAddWithoutValidation(endpoint.AuthHeader!, endpoint.AuthValue);
        }

        error = null;
        return upstreamRequest;
    }

    protected override ProviderResult ReadBody(ProviderRequest request, UpstreamCall call, PooledBuffer body) =>
        ReadAnswer(request, call, body, Tokens);

    /// <summary>An OpenAI-format answer relayed as it came, its usage read (or counted); shared with Azure OpenAI.</summary>
    internal static ProviderResult ReadAnswer(ProviderRequest request, UpstreamCall call, PooledBuffer body, TokenCounter tokens)
    {
        using var usage = new UsageAccumulator();
        OpenAiChunkReader.Read(body.WrittenSpan, usage);
        var report = usage.ToReport(request.Request, tokens, countMissing: request.Operation != InferenceOperation.ImageGenerations, call.ElapsedMs, ttftMs: null);
        return new BufferedResponse(call.StatusCode, ContentTypeOf(call), body, report);
    }

    protected override SseStreamHandler CreateStreamHandler(ProviderRequest request)
    {
        var client = request.Request;
        var added = !client.IncludeUsage && preset.SupportsStreamOptions && client.Operation.StreamsWithDone();
        return new OpenAiStreamHandler(dropUsageOnlyChunk: added, requiresDone: client.Operation.StreamsWithDone());
    }
}
