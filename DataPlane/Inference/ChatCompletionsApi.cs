using System.Diagnostics;
using Contracts;
using DataPlane.Auth;
using DataPlane.Errors;
using DataPlane.Headers;
using DataPlane.Hosting;
using DataPlane.Providers;
using DataPlane.Routing;
using DataPlane.Snapshots;
using DataPlane.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DataPlane.Inference;

/// <summary><c>POST /v1/chat/completions</c>: authenticate, read, route, call the adapter. Errors stay values until the result.</summary>
internal static class ChatCompletionsApi
{
    public const string Path = "/v1/chat/completions";

    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, CreateChatCompletion)
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completion, streamed as SSE when stream is true")
            .WithTags("Inference");
        return app;
    }

    public static async Task<Results<ProviderReplyResult, GatewayErrorResult>> CreateChatCompletion(
        HttpContext http,
        SnapshotStore snapshots,
        ProviderRegistry providers,
        UsageQueue usage,
        IOptions<GatewayOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var request = http.Request;
        var traceId = TraceIdReader.Read(request.Headers);
        var responseHeaders = http.Response.Headers;
        responseHeaders[PortkeyHeaders.TraceId] = traceId;
        responseHeaders[PortkeyHeaders.CacheStatus] = "DISABLED";
        responseHeaders[PortkeyHeaders.RetryAttemptCount] = "0";

        if (snapshots.Current is not { } snapshot)
        {
            return new GatewayErrorResult(GatewayError.NotReady());
        }

        if (ApiKeyAuthenticator.Authenticate(ApiKeyReader.Read(request.Headers), snapshot, time.GetUtcNow(), out var authError) is not { } key)
        {
            return new GatewayErrorResult(authError!);
        }

        var exchange = new InferenceExchange(usage, time, start, traceId, Path, key);
        try
        {
            return await ProcessAsync(http, snapshot, key, exchange, providers, options.Value, cancellationToken);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            exchange.Complete(499, "client_closed_request", null);
            throw;
        }
        catch
        {
            exchange.Complete(StatusCodes.Status500InternalServerError, "internal_error", null);
            throw;
        }
    }

    private static async Task<Results<ProviderReplyResult, GatewayErrorResult>> ProcessAsync(
        HttpContext http,
        RuntimeSnapshot snapshot,
        RuntimeApiKey key,
        InferenceExchange exchange,
        ProviderRegistry providers,
        GatewayOptions options,
        CancellationToken cancellationToken)
    {
        var headers = http.Request.Headers;
        if (ApiKeyAuthenticator.RequireScope(key, Scopes.CompletionsWrite) is { } scopeError)
        {
            return new GatewayErrorResult(scopeError, exchange);
        }

        if (MetadataHeaderParser.ParseAndMerge(headers[PortkeyHeaders.Metadata], key.DefaultMetadata, out var metadataError) is not { } metadata)
        {
            return new GatewayErrorResult(metadataError!, exchange);
        }

        exchange.Metadata = metadata;

        var (body, bodyError) = await RequestBodyReader.ReadAsync(http.Request, options.MaxRequestBodyBytes, cancellationToken);
        if (body is null)
        {
            return new GatewayErrorResult(bodyError!, exchange);
        }

        http.Response.RegisterForDispose(body);
        if (ChatRequestParser.Parse(body.Memory, out var parseError) is not { } chat)
        {
            return new GatewayErrorResult(parseError!, exchange);
        }

        exchange.Model = chat.Model;
        exchange.Stream = chat.Stream;

        if (RouteResolver.Resolve(chat.Model, headers[PortkeyHeaders.Provider], key, snapshot, out var routeError) is not { } target)
        {
            return new GatewayErrorResult(routeError!, exchange);
        }

        exchange.Provider = target.Provider;
        exchange.Model = target.Model;
        http.Response.Headers[PortkeyHeaders.Provider] = target.Provider.Slug;

        if (!providers.TryGet(target.Provider.Kind, out var adapter))
        {
            return new GatewayErrorResult(GatewayError.UnsupportedProviderKind(target.Provider.Kind), exchange);
        }

        var result = await adapter.ChatCompletionAsync(new ProviderRequest(target, chat, exchange.StartTimestamp), cancellationToken);
        return result.Response is { } response
            ? new ProviderReplyResult(response, exchange)
            : new GatewayErrorResult(result.Error ?? GatewayError.Internal(), exchange);
    }
}
