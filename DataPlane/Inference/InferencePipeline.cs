using System.Diagnostics;
using Contracts;
using DataPlane.Auth;
using DataPlane.BodyLogging;
using DataPlane.Errors;
using DataPlane.Headers;
using DataPlane.Hosting;
using DataPlane.Providers;
using DataPlane.Routing;
using DataPlane.Snapshots;
using DataPlane.Telemetry;
using DataPlane.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DataPlane.Inference;

/// <summary>
/// One inference request, whatever the operation: authenticate → rate limits → read the body → resolve the config → run its route
/// (strategies, retries; per target: input guardrails, cache, limits, adapters) → output guardrails →
/// the answer (written by the result) → one usage event. Errors stay values until the result writes them.
/// </summary>
internal sealed class InferencePipeline(
    SnapshotStore snapshots,
    ConfigResolver configs,
    RouteServices routing,
    UsageQueue usage,
    InferenceMetrics metrics,
    IOptions<GatewayOptions> options,
    IOptions<BodyLoggingOptions> bodyLogging,
    TimeProvider time)
{
    public async Task<Results<ProviderReplyResult, GatewayErrorResult>> RunAsync(HttpContext http, InferenceOperation operation, CancellationToken cancellationToken)
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

        var exchange = new InferenceExchange(usage, metrics, routing.Governance, time, start, traceId, operation, key, snapshot.Prices);
        try
        {
            return await ProcessAsync(http, operation, snapshot, key, exchange, cancellationToken);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            exchange.Complete(StatusCodes.Status499ClientClosedRequest, StreamErrorTypes.ClientClosed, null);
            throw;
        }
        catch
        {
            exchange.Complete(StatusCodes.Status500InternalServerError, "internal_error", null);
            throw;
        }
    }

    private async Task<Results<ProviderReplyResult, GatewayErrorResult>> ProcessAsync(
        HttpContext http,
        InferenceOperation operation,
        RuntimeSnapshot snapshot,
        RuntimeApiKey key,
        InferenceExchange exchange,
        CancellationToken cancellationToken)
    {
        var headers = http.Request.Headers;
        if (ApiKeyAuthenticator.RequireScope(key, Scopes.CompletionsWrite) is { } scopeError)
        {
            return new GatewayErrorResult(scopeError, exchange);
        }

        if (await routing.Governance.AdmitRequestAsync(key, cancellationToken) is { } limited)
        {
            return new GatewayErrorResult(limited, exchange);
        }

        if (MetadataHeaderParser.ParseAndMerge(headers[PortkeyHeaders.Metadata], key.DefaultMetadata, out var metadataError) is not { } metadata)
        {
            return new GatewayErrorResult(metadataError!, exchange);
        }

        exchange.Metadata = metadata;

        var (body, bodyError) = await RequestBodyReader.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (body is null)
        {
            return new GatewayErrorResult(bodyError!, exchange);
        }

        http.Response.RegisterForDispose(body);
        var maxLoggedBytes = bodyLogging.Value.MaxBodyBytes;
        if (key.LogBodies)
        {
            var span = body.Memory.Span;
            exchange.RequestBody = BodyText.From(span[..Math.Min(span.Length, maxLoggedBytes)], Math.Max(0, span.Length - maxLoggedBytes));
        }

        if (InferenceRequestParser.Parse(operation, body.Memory, out var parseError) is not { } inference)
        {
            return new GatewayErrorResult(parseError!, exchange);
        }

        exchange.Model = inference.Model;
        exchange.Stream = inference.Stream;

        if (configs.Resolve(headers[PortkeyHeaders.Config], key, snapshot, out var configError) is not { } plan)
        {
            return new GatewayErrorResult(configError!, exchange);
        }

        if (!RequestTimeoutHeader.TryParse(headers[PortkeyHeaders.RequestTimeout], out var requestTimeoutMs, out var timeoutError))
        {
            return new GatewayErrorResult(timeoutError!, exchange);
        }

        var guardrailDefaults = routing.Guardrails.DefaultsFor(snapshot, key);
        if (guardrailDefaults.Error is { } guardrailError)
        {
            return new GatewayErrorResult(guardrailError, exchange);
        }

        exchange.Metadata = metadata = plan.MergeMetadata(metadata);
        var route = new RouteRun(routing, http, snapshot, key, inference, plan)
        {
            GuardrailDefaults = guardrailDefaults,
            StartTimestamp = exchange.StartTimestamp,
            Metadata = metadata,
            ProviderHeader = headers[PortkeyHeaders.Provider],
            RequestTimeoutMs = requestTimeoutMs,
            CacheNamespace = headers[PortkeyHeaders.CacheNamespace],
            CacheForceRefresh = string.Equals(headers[PortkeyHeaders.CacheForceRefresh], "true", StringComparison.OrdinalIgnoreCase),
        };
        exchange.Route = route;
        var result = await plan.Root.RunAsync(route, cancellationToken);
        if (route.GuardrailState?.RedactedRequestBody is { } redactedBody)
        {
            // Logs hold what went upstream, never the text a guardrail redacted.
            exchange.RequestBody = redactedBody;
        }

        var responseHeaders = http.Response.Headers;
        if (route.Target is { } target)
        {
            exchange.Provider = target.Provider;
            exchange.Model = target.Model;
            responseHeaders[PortkeyHeaders.Provider] = target.Provider.Slug;
        }

        if (plan.HasConfig)
        {
            responseHeaders[PortkeyHeaders.LastUsedOptionIndex] = route.LastUsedOptionIndex;
        }

        responseHeaders[PortkeyHeaders.RetryAttemptCount] = RetryCounts.Text(route.RetryCount);
        responseHeaders[PortkeyHeaders.CacheStatus] = route.CacheStatus;
        if (result.Response is not { } response)
        {
            return new GatewayErrorResult(result.Error ?? GatewayError.Internal(), exchange);
        }

        var guarded = await routing.Guardrails.AfterResponseAsync(route, response, cancellationToken);
        if (guarded.Response is not { } answer)
        {
            return new GatewayErrorResult(guarded.Error ?? GatewayError.Internal(), exchange, route.WithheldUsage);
        }

        response = answer;

        if (key.LogBodies)
        {
            response = new BodyLoggingResponse(response, exchange, maxLoggedBytes);
        }

        // Freed when the request ends however it ends (written, failed, client gone).
        http.Response.RegisterForDispose(response);
        return new ProviderReplyResult(response, exchange);
    }
}
