using System.Collections.Frozen;
using System.Text.Json;
using Contracts.Configs;
using DataPlane.Providers;
using DataPlane.Routing.Conditions;
using DataPlane.Routing.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace DataPlane.Routing.Plans;

/// <summary>
/// A validated config (<see cref="ConfigValidator"/>) → an immutable tree of <see cref="RouteNode"/>s, with inheritance
/// resolved here once: each node's effective retry, cache, timeout, breaker and guardrails, and its merged <c>override_params</c>.
/// Guardrails (inline or saved <c>pg-…</c> ids) are compiled here too; one that cannot be throws
/// <see cref="Guardrails.GuardrailCompileException"/> naming its path.
/// </summary>
internal sealed class RoutePlanCompiler(IOptions<RoutingOptions> options, TimeProvider time, Guardrails.GuardrailCompiler guardrails)
{
    public const string RootIndex = "config";

    /// <summary>A request without any config: one target named by the model or header, no policies.</summary>
    public static readonly RoutePlan Direct = new(
        new TargetNode(RootIndex, null, 1, null, null, NodeSettings.None, null), null, null, "direct", HasConfig: false);

    /// <param name="guardrailScope">Where <c>pg-…</c> ids resolve (the config's workspace in its snapshot).</param>
    public RoutePlan Compile(JsonElement config, string? configId, int? configVersion, string identity, Guardrails.GuardrailScope guardrailScope)
    {
        var retryPipelines = new Dictionary<RetryPolicy, ResiliencePipeline<ProviderResult>?>(ReferenceEqualityComparer.Instance);
        var root = CompileNode(config, RootIndex, NodeSettings.None, retryPipelines, guardrailScope);
        return new RoutePlan(root, configId, configVersion, identity)
        {
            Metadata = config.TryGetProperty("metadata", out var metadata)
                ? metadata.EnumerateObject().ToFrozenDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
                : FrozenDictionary<string, string>.Empty,
        };
    }

    private RouteNode CompileNode(
        JsonElement config, string path, NodeSettings inherited, Dictionary<RetryPolicy, ResiliencePipeline<ProviderResult>?> retryPipelines, Guardrails.GuardrailScope scope)
    {
        var settings = Settings(config, inherited, out var overrideModel) with
        {
            InputGuardrails = config.TryGetProperty("input_guardrails", out var input)
                ? guardrails.CompileList(input, $"{path}.input_guardrails", scope)
                : inherited.InputGuardrails,
            OutputGuardrails = config.TryGetProperty("output_guardrails", out var output)
                ? guardrails.CompileList(output, $"{path}.output_guardrails", scope)
                : inherited.OutputGuardrails,
        };
        var name = config.TryGetProperty("name", out var n) ? n.GetString() : null;
        var weight = config.TryGetProperty("weight", out var w) ? w.GetDouble() : 1;

        if (!config.TryGetProperty("targets", out var targetsJson) || targetsJson.GetArrayLength() == 0)
        {
            var provider = config.TryGetProperty("provider", out var p) ? ConfigValidator.ProviderSlug(p.GetString()!) : null;
            ResiliencePipeline<ProviderResult>? retry = null;
            if (settings.Retry is { } policy && !retryPipelines.TryGetValue(policy, out retry))
            {
                retryPipelines[policy] = retry = RetryPipelines.Build(policy, options.Value, time);
            }

            return new TargetNode(path, name, weight, provider, overrideModel, settings, retry);
        }

        // The override model travels down like any other override param.
        var childSettings = overrideModel is null
            ? settings
            : settings with { OverrideParams = WithModel(settings.OverrideParams, overrideModel) };
        var targets = new RouteNode[targetsJson.GetArrayLength()];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = CompileNode(targetsJson[i], $"{path}.targets[{i}]", childSettings, retryPipelines, scope);
        }

        var strategy = config.TryGetProperty("strategy", out var s) ? s : default;
        var mode = strategy.ValueKind == JsonValueKind.Object && strategy.TryGetProperty("mode", out var m) ? m.GetString() : "single";
        return mode switch
        {
            "fallback" => new FallbackNode(path, name, weight, targets, StatusSet(strategy, "on_status_codes"), time),
            "loadbalance" => new LoadBalanceNode(path, name, weight, targets),
            "conditional" => CompileConditional(path, name, weight, targets, strategy),
            _ => new SingleNode(path, name, weight, targets[0]),
        };
    }

    private static ConditionalNode CompileConditional(string path, string? name, double weight, RouteNode[] targets, JsonElement strategy)
    {
        var conditions = new List<ConditionalNode.Branch>();
        foreach (var condition in strategy.GetProperty("conditions").EnumerateArray())
        {
            conditions.Add(new ConditionalNode.Branch(ConditionQuery.Compile(condition.GetProperty("query")), Named(targets, condition.GetProperty("then").GetString()!)));
        }

        var fallback = strategy.TryGetProperty("default", out var d) ? Named(targets, d.GetString()!) : null;
        return new ConditionalNode(path, name, weight, [.. conditions], fallback);
    }

    private static RouteNode Named(RouteNode[] targets, string name) => Array.Find(targets, t => t.Name == name)!;

    /// <summary>The node's effective settings: its own where it sets them, else the parent's.</summary>
    private static NodeSettings Settings(JsonElement config, NodeSettings inherited, out string? overrideModel)
    {
        overrideModel = null;
        var overrides = inherited.OverrideParams;
        if (config.TryGetProperty("override_params", out var own) && own.EnumerateObject().Any())
        {
            var merged = new Dictionary<string, JsonElement>(overrides, StringComparer.Ordinal);
            foreach (var property in own.EnumerateObject())
            {
                merged[property.Name] = property.Value.Clone();
            }

            overrides = merged.ToFrozenDictionary(StringComparer.Ordinal);
        }

        if (overrides.TryGetValue("model", out var model) && model.ValueKind == JsonValueKind.String)
        {
            overrideModel = model.GetString();
            overrides = overrides.Where(o => o.Key != "model").ToFrozenDictionary(StringComparer.Ordinal);
        }

        return inherited with
        {
            Retry = config.TryGetProperty("retry", out var retry) ? Retry(retry) : inherited.Retry,
            Cache = config.TryGetProperty("cache", out var cache) ? Cache(cache) : inherited.Cache,
            RequestTimeoutMs = config.TryGetProperty("request_timeout", out var timeout) ? timeout.GetInt32() : inherited.RequestTimeoutMs,
            Breaker = config.TryGetProperty("cb_config", out var breaker) ? Breaker(breaker) : inherited.Breaker,
            OverrideParams = overrides,
        };
    }

    private static RetryPolicy Retry(JsonElement retry) => new(
        retry.TryGetProperty("attempts", out var attempts) ? attempts.GetInt32() : 0,
        StatusSet(retry, "on_status_codes") ?? RetryPolicy.DefaultStatusCodes,
        retry.TryGetProperty("use_retry_after_header", out var header) && header.GetBoolean());

    private static CachePolicy Cache(JsonElement cache) => new(
        cache.GetProperty("mode").GetString() == "semantic",
        cache.TryGetProperty("max_age", out var maxAge) ? TimeSpan.FromSeconds(maxAge.GetDouble()) : CachePolicy.DefaultMaxAge,
        cache.TryGetProperty("embedding_model", out var model) ? model.GetString() : null,
        cache.TryGetProperty("similarity_threshold", out var threshold) ? threshold.GetDouble() : CachePolicy.DefaultSimilarityThreshold);

    private static BreakerPolicy Breaker(JsonElement breaker) => new(
        breaker.GetProperty("failure_threshold").GetInt32(),
        TimeSpan.FromMilliseconds(breaker.GetProperty("cooldown_interval").GetDouble()),
        StatusSet(breaker, "failure_status_codes") ?? BreakerPolicy.DefaultFailureStatusCodes);

    private static FrozenSet<int>? StatusSet(JsonElement owner, string field) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(field, out var codes)
            ? codes.EnumerateArray().Select(c => c.GetInt32()).ToFrozenSet()
            : null;

    private static FrozenDictionary<string, JsonElement> WithModel(FrozenDictionary<string, JsonElement> overrides, string model)
    {
        var merged = new Dictionary<string, JsonElement>(overrides, StringComparer.Ordinal)
        {
            ["model"] = JsonSerializer.SerializeToElement(model),
        };
        return merged.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
