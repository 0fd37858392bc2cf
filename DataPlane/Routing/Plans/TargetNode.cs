using System.Runtime.CompilerServices;
using System.Diagnostics;
using DataPlane.Caching;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Telemetry;
using Polly;

namespace DataPlane.Routing.Plans;

/// <summary>
/// A leaf: one provider call. Resolves the provider and model, applies <c>override_params</c>, then makes the attempt —
/// through the retry pipeline when the config has <c>retry</c>, each try bounded by the request timeout.
/// </summary>
internal sealed class TargetNode(
    string optionIndex,
    string? name,
    double weight,
    string? providerSlug,
    string? overrideModel,
    NodeSettings settings,
    ResiliencePipeline<ProviderResult>? retry) : RouteNode(optionIndex, name, weight)
{
    /// <summary>What a response cache may answer: the operations whose answer depends only on the request.</summary>
    private const InferenceOperation Cacheable = InferenceOperation.ChatCompletions | InferenceOperation.Completions | InferenceOperation.Embeddings;

    public NodeSettings Settings => settings;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<ProviderResult> RunAsync(RouteRun run, CancellationToken cancellationToken)
    {
        run.BeginTarget(this);
        run.OutputGuardrails = settings.OutputGuardrails;
        if (Prepare(run, out var adapter, out var error) is not { } providerRequest)
        {
            run.RecordAttempt(this, run.Target, error!.Status, 0, error.Code);
            return error;
        }

        // Guardrails before anything is spent (cache, limits, the call): a denied request costs nothing.
        var guarded = await run.Services.Guardrails.BeforeTargetAsync(run, settings.InputGuardrails, providerRequest, cancellationToken);
        if (guarded.Denied is { } denied)
        {
            run.RecordAttempt(this, providerRequest.Target, denied.Status, 0, denied.Code);
            return denied;
        }

        if (guarded.Rewritten is { } redacted)
        {
            providerRequest = providerRequest with { Request = redacted };
        }

        // A cached answer is served even while the target's breaker is open: it costs the target nothing.
        CacheLookup? lookup = null;
        if (settings.Cache is { } policy && (providerRequest.Operation & Cacheable) != 0)
        {
            lookup = await run.Services.Cache.LookupAsync(
                new CacheRequest(policy, providerRequest.Target, providerRequest.Request, run.Key, run.Snapshot, run.CacheNamespace, run.CacheForceRefresh),
                cancellationToken);
            run.CacheStatus = lookup.Status;
            if (lookup.Hit is { } hit)
            {
                return hit;
            }
        }

        // Limits come after the cache (a cached answer spends no budget) and before the first try.
        if (await run.Services.Governance.AdmitTargetAsync(run, providerRequest.Target, cancellationToken) is { } refused)
        {
            run.RecordAttempt(this, providerRequest.Target, refused.Status, 0, refused.Code);
            return refused;
        }

        var result = await SendAsync(run, adapter!, providerRequest, cancellationToken);
        if (result.Response is null)
        {
            await run.Services.Governance.ReleaseAsync(run, cancellationToken);
        }

        return lookup is not null && result.Response is { } fresh ? run.Services.Cache.StoreOnSuccess(fresh, lookup) : result;
    }

    /// <summary>The call, retried when the config says so.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ProviderResult> SendAsync(RouteRun run, IProviderAdapter adapter, ProviderRequest providerRequest, CancellationToken cancellationToken)
    {
        if (retry is null)
        {
            return await AttemptAsync(run, adapter, providerRequest, cancellationToken);
        }

        var resilience = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await retry.ExecuteAsync(
                static (resilience, state) => state.Node.AttemptAsync(state.Run, state.Adapter, state.Request, resilience.CancellationToken),
                resilience,
                (Node: this, Run: run, Adapter: adapter, Request: providerRequest));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private ProviderRequest? Prepare(RouteRun run, out IProviderAdapter? adapter, out GatewayError? error)
    {
        adapter = null;
        var request = run.Request;
        if (RouteResolver.Resolve(providerSlug, overrideModel, request.Model, run.ProviderHeader, run.Key, run.Snapshot, out error) is not { } target)
        {
            return null;
        }

        run.Target = target;
        if (!run.Services.Providers.TryGet(target.Provider.Kind, out adapter))
        {
            error = GatewayError.UnsupportedProviderKind(target.Provider.Kind);
            return null;
        }

        if ((adapter.Operations & request.Operation) == 0)
        {
            error = GatewayError.OperationNotSupported(target.Provider.Kind, request.Operation.Path());
            return null;
        }

        if (settings.OverrideParams.Count > 0)
        {
            var body = BodyOverrides.Apply(request.Body.Span, settings.OverrideParams);
            run.DisposeWithResponse(body);
            if (InferenceRequestParser.Parse(request.Operation, body.WrittenMemory, out error) is not { } overridden)
            {
                error = GatewayError.InvalidConfig($"{OptionIndex}.override_params make the request invalid: {error!.Message}");
                return null;
            }

            // The adapter compares against the client's model to decide whether to rewrite it.
            request = overridden with { Model = request.Model };
        }

        return new ProviderRequest(target, request, run.StartTimestamp);
    }

    /// <summary>
    /// One try: skipped while the target's breaker is open (checked before every try, so a breaker opened by this request's
    /// own failures stops its retries too); else the adapter's call, bounded by the request timeout. Recorded as an attempt.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ProviderResult> AttemptAsync(RouteRun run, IProviderAdapter adapter, ProviderRequest request, CancellationToken cancellationToken)
    {
        if (await run.Services.Breakers.IsOpenAsync(run, this, cancellationToken))
        {
            var open = GatewayError.CircuitOpen(OptionIndex, request.Target.Provider.Slug);
            run.RecordAttempt(this, request.Target, open.Status, 0, open.Code);
            return open;
        }

        using var activity = GatewayActivities.Source.StartActivity(GatewayActivities.Attempt);
        activity?.SetTag("gateway.option_index", OptionIndex)
            .SetTag("gateway.provider", request.Target.Provider.Slug)
            .SetTag("gen_ai.system", request.Target.Provider.Kind)
            .SetTag("gen_ai.request.model", request.Target.Model);
        var started = Stopwatch.GetTimestamp();
        var timeoutMs = run.RequestTimeoutMs ?? settings.RequestTimeoutMs;
        ProviderResult result;
        if (timeoutMs is not { } ms)
        {
            result = await adapter.SendAsync(request, cancellationToken);
        }
        else
        {
            // Kept alive with the response: a streamed answer keeps reading through a token linked to this one.
            var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ms);
            try
            {
                result = await adapter.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                result = GatewayError.RequestTimeout(ms);
            }

            if (result.Response is not null)
            {
                // The answer has begun: from here the stream's own idle timeout governs.
                timeout.CancelAfter(Timeout.InfiniteTimeSpan);
                run.DisposeWithResponse(timeout);
            }
            else
            {
                timeout.Dispose();
            }
        }

        var status = result.Response?.StatusCode ?? result.Error?.Status ?? StatusCodes.Status500InternalServerError;
        run.RecordAttempt(this, request.Target, status, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.Error?.Code);
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", status);
            if (result.Error is { } failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, failed.Code ?? failed.Type);
                activity.SetTag("error.type", failed.Code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        await run.Services.Breakers.RecordAsync(run, this, result.Error is { IsConnectionFailure: true } ? null : status, cancellationToken);
        return result;
    }
}
