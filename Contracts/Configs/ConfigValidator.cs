using System.Text.Json;
using Contracts.Guardrails;

namespace Contracts.Configs;

/// <summary>
/// Structural validation of a routing config (contract section 4). Pure, no I/O: the control plane
/// runs it on saved configs, the data plane on inline <c>x-portkey-config</c> JSON. Every target is
/// itself a config, so the same rules apply at every depth; every failing path is reported.
/// </summary>
public static class ConfigValidator
{
    public static readonly IReadOnlyList<string> Modes = ["single", "fallback", "loadbalance", "conditional"];
    public static readonly IReadOnlyList<string> CacheModes = ["simple", "semantic"];
    public const int MaxRetryAttempts = 5;

    /// <summary>The least <c>cb_config.cooldown_interval</c> (ms): shorter cool-downs would hammer a failing target.</summary>
    public const int MinCooldownIntervalMs = 1000;

    /// <summary>Keys a config (or a target, which is a config) may hold.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        "strategy", "targets", "name", "provider", "weight", "override_params", "retry", "request_timeout",
        "cache", "cb_config", "input_guardrails", "output_guardrails", "metadata",
    };

    public static readonly IReadOnlyList<string> StrategyKeys = ["mode", "on_status_codes", "conditions", "default"];
    public static readonly IReadOnlyList<string> RetryKeys = ["attempts", "on_status_codes", "use_retry_after_header"];
    public static readonly IReadOnlyList<string> CacheKeys = ["mode", "max_age", "embedding_model", "similarity_threshold"];
    public static readonly IReadOnlyList<string> CircuitBreakerKeys = ["failure_threshold", "cooldown_interval", "failure_status_codes"];
    public static readonly IReadOnlyList<string> ConditionKeys = ["query", "then"];

    /// <param name="config">The config JSON.</param>
    /// <param name="knownProviderSlugs">When given, a <c>provider</c> not in it (slug without <c>@</c>) is an error.</param>
    /// <param name="rootPath">Prefix of every path (e.g. <c>config</c> for a request body field); empty: paths start at the config.</param>
    public static ConfigValidationResult Validate(JsonElement config, IReadOnlySet<string>? knownProviderSlugs = null, string rootPath = "")
    {
        var result = new ConfigValidationResult();
        ValidateConfig(config, rootPath, knownProviderSlugs, result);
        return result;
    }

    /// <summary>The slug a <c>provider</c> value names: <c>@openai-prod</c> and <c>openai-prod</c> are the same.</summary>
    public static string ProviderSlug(string provider) => provider.StartsWith('@') ? provider[1..] : provider;

    private static void ValidateConfig(JsonElement config, string path, IReadOnlySet<string>? providers, ConfigValidationResult result)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            result.Add(PathOrRoot(path), "must be a JSON object");
            return;
        }

        foreach (var property in config.EnumerateObject())
        {
            if (!Keys.Contains(property.Name))
            {
                result.Add(Join(path, property.Name), "is not a known config field");
            }
        }

        var mode = ValidateStrategy(config, path, result);
        var targetNames = ValidateTargets(config, path, mode, providers, result);
        ValidateConditions(config, path, mode, targetNames, result);

        if (config.TryGetProperty("name", out var name) && (name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString())))
        {
            result.Add(Join(path, "name"), "must be a non-empty string");
        }

        if (config.TryGetProperty("provider", out var provider))
        {
            ValidateProvider(provider, Join(path, "provider"), providers, result);
        }

        if (config.TryGetProperty("weight", out var weight) && !IsNumberAtLeastZero(weight))
        {
            result.Add(Join(path, "weight"), "must be ≥ 0");
        }

        if (config.TryGetProperty("override_params", out var overrideParams) && overrideParams.ValueKind != JsonValueKind.Object)
        {
            result.Add(Join(path, "override_params"), "must be a JSON object");
        }

        if (config.TryGetProperty("metadata", out var metadata))
        {
            ValidateMetadata(metadata, Join(path, "metadata"), result);
        }

        if (config.TryGetProperty("request_timeout", out var timeout) && !(timeout.TryGetInt64IfNumber(out var ms) && ms > 0))
        {
            result.Add(Join(path, "request_timeout"), "must be a positive integer (milliseconds)");
        }

        if (config.TryGetProperty("retry", out var retry))
        {
            ValidateRetry(retry, Join(path, "retry"), result);
        }

        if (config.TryGetProperty("cache", out var cache))
        {
            ValidateCache(cache, Join(path, "cache"), providers, result);
        }

        if (config.TryGetProperty("cb_config", out var circuitBreaker))
        {
            ValidateCircuitBreaker(circuitBreaker, Join(path, "cb_config"), result);
        }

        foreach (var field in (string[])["input_guardrails", "output_guardrails"])
        {
            if (config.TryGetProperty(field, out var guardrails))
            {
                ValidateGuardrails(guardrails, Join(path, field), result);
            }
        }
    }

    /// <returns>The mode, or null when absent or invalid.</returns>
    private static string? ValidateStrategy(JsonElement config, string path, ConfigValidationResult result)
    {
        if (!config.TryGetProperty("strategy", out var strategy))
        {
            return null;
        }

        var strategyPath = Join(path, "strategy");
        if (strategy.ValueKind != JsonValueKind.Object)
        {
            result.Add(strategyPath, "must be a JSON object");
            return null;
        }

        RejectUnknownKeys(strategy, strategyPath, StrategyKeys, "strategy", result);
        string? mode = null;
        if (!strategy.TryGetProperty("mode", out var modeValue))
        {
            result.Add(Join(strategyPath, "mode"), $"is required: one of {string.Join(", ", Modes)}");
        }
        else if (modeValue.ValueKind != JsonValueKind.String || !Modes.Contains(modeValue.GetString()))
        {
            result.Add(Join(strategyPath, "mode"), $"must be one of {string.Join(", ", Modes)}");
        }
        else
        {
            mode = modeValue.GetString();
        }

        if (strategy.TryGetProperty("on_status_codes", out var codes))
        {
            ValidateStatusCodes(codes, Join(strategyPath, "on_status_codes"), result);
        }

        return mode;
    }

    /// <returns>The names of the targets that have one.</returns>
    private static HashSet<string> ValidateTargets(
        JsonElement config, string path, string? mode, IReadOnlySet<string>? providers, ConfigValidationResult result)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var targetsPath = Join(path, "targets");
        var needsTargets = mode is "fallback" or "loadbalance" or "conditional";
        if (!config.TryGetProperty("targets", out var targets))
        {
            if (needsTargets)
            {
                result.Add(targetsPath, $"is required for mode '{mode}': at least one target");
            }

            return names;
        }

        if (targets.ValueKind != JsonValueKind.Array)
        {
            result.Add(targetsPath, "must be an array of configs");
            return names;
        }

        if (needsTargets && targets.GetArrayLength() == 0)
        {
            result.Add(targetsPath, $"must hold at least one target for mode '{mode}'");
        }

        var index = 0;
        var objectTargets = 0;
        var chosenTargets = 0;
        foreach (var target in targets.EnumerateArray())
        {
            var targetPath = $"{targetsPath}[{index}]";
            if (target.ValueKind == JsonValueKind.Object)
            {
                objectTargets++;
                if (!target.TryGetProperty("weight", out var weight)
                    || (weight.ValueKind == JsonValueKind.Number && weight.GetDouble() > 0))
                {
                    chosenTargets++;
                }
            }

            ValidateConfig(target, targetPath, providers, result);
            if (target.ValueKind == JsonValueKind.Object)
            {
                if (target.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(name.GetString()) && !names.Add(name.GetString()!))
                {
                    result.Add(Join(targetPath, "name"), $"duplicates another target's name '{name.GetString()}'");
                }
                else if (mode == "conditional" && !target.TryGetProperty("name", out _))
                {
                    result.Add(Join(targetPath, "name"), "is required: conditional targets are chosen by name");
                }
            }

            index++;
        }

        if (mode == "loadbalance" && objectTargets > 0 && chosenTargets == 0)
        {
            result.Add(targetsPath, "must hold at least one target with weight > 0 for mode 'loadbalance' (weight defaults to 1)");
        }

        return names;
    }

    private static void ValidateConditions(JsonElement config, string path, string? mode, HashSet<string> targetNames, ConfigValidationResult result)
    {
        if (!config.TryGetProperty("strategy", out var strategy) || strategy.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var strategyPath = Join(path, "strategy");
        var conditionsPath = Join(strategyPath, "conditions");
        if (mode is not null and not "conditional")
        {
            // A valid mode that is not conditional would silently ignore them.
            foreach (var field in (string[])["conditions", "default"])
            {
                if (strategy.TryGetProperty(field, out _))
                {
                    result.Add(Join(strategyPath, field), "only applies to mode 'conditional'");
                }
            }

            return;
        }

        if (!strategy.TryGetProperty("conditions", out var conditions))
        {
            if (mode == "conditional")
            {
                result.Add(conditionsPath, "is required for mode 'conditional': at least one condition");
            }
        }
        else if (conditions.ValueKind != JsonValueKind.Array)
        {
            result.Add(conditionsPath, "must be an array of conditions");
        }
        else
        {
            if (mode == "conditional" && conditions.GetArrayLength() == 0)
            {
                result.Add(conditionsPath, "must hold at least one condition for mode 'conditional'");
            }

            var index = 0;
            foreach (var condition in conditions.EnumerateArray())
            {
                var conditionPath = $"{conditionsPath}[{index++}]";
                if (condition.ValueKind != JsonValueKind.Object)
                {
                    result.Add(conditionPath, "must be a JSON object with query and then");
                    continue;
                }

                RejectUnknownKeys(condition, conditionPath, ConditionKeys, "condition", result);
                if (!condition.TryGetProperty("query", out var query))
                {
                    result.Add(Join(conditionPath, "query"), "is required: a JSON object of conditions");
                }
                else
                {
                    ConditionQueryValidator.Validate(query, Join(conditionPath, "query"), result);
                }

                ValidateTargetName(condition, "then", conditionPath, targetNames, required: true, result);
            }
        }

        ValidateTargetName(strategy, "default", strategyPath, targetNames, required: false, result);
    }

    private static void ValidateTargetName(
        JsonElement owner, string field, string ownerPath, HashSet<string> targetNames, bool required, ConfigValidationResult result)
    {
        var fieldPath = Join(ownerPath, field);
        if (!owner.TryGetProperty(field, out var value))
        {
            if (required)
            {
                result.Add(fieldPath, "is required: the name of a target");
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            result.Add(fieldPath, "must be the name of a target");
        }
        else if (!targetNames.Contains(value.GetString()!))
        {
            result.Add(fieldPath, $"names no target: '{value.GetString()}'");
        }
    }

    private static void ValidateProvider(JsonElement provider, string path, IReadOnlySet<string>? providers, ConfigValidationResult result)
    {
        if (provider.ValueKind != JsonValueKind.String || ProviderSlug(provider.GetString()!).Trim().Length == 0)
        {
            result.Add(path, "must be a provider slug (\"@slug\" or \"slug\")");
        }
        else if (providers is not null && !providers.Contains(ProviderSlug(provider.GetString()!)))
        {
            result.Add(path, $"names an unknown provider '{provider.GetString()}'");
        }
    }

    private static void ValidateMetadata(JsonElement metadata, string path, ConfigValidationResult result)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            result.Add(path, "must be a JSON object of string values");
            return;
        }

        foreach (var property in metadata.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                result.Add(Join(path, property.Name), "must be a string");
            }
        }
    }

    private static void ValidateRetry(JsonElement retry, string path, ConfigValidationResult result)
    {
        if (retry.ValueKind != JsonValueKind.Object)
        {
            result.Add(path, "must be a JSON object");
            return;
        }

        RejectUnknownKeys(retry, path, RetryKeys, "retry", result);
        if (retry.TryGetProperty("attempts", out var attempts)
            && !(attempts.TryGetInt64IfNumber(out var n) && n is >= 0 and <= MaxRetryAttempts))
        {
            result.Add(Join(path, "attempts"), $"must be an integer from 0 to {MaxRetryAttempts}");
        }

        if (retry.TryGetProperty("on_status_codes", out var codes))
        {
            ValidateStatusCodes(codes, Join(path, "on_status_codes"), result);
        }

        if (retry.TryGetProperty("use_retry_after_header", out var header)
            && header.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            result.Add(Join(path, "use_retry_after_header"), "must be true or false");
        }
    }

    private static void ValidateCache(JsonElement cache, string path, IReadOnlySet<string>? providers, ConfigValidationResult result)
    {
        if (cache.ValueKind != JsonValueKind.Object)
        {
            result.Add(path, "must be a JSON object");
            return;
        }

        RejectUnknownKeys(cache, path, CacheKeys, "cache", result);
        string? mode = null;
        if (!cache.TryGetProperty("mode", out var modeValue))
        {
            result.Add(Join(path, "mode"), $"is required: one of {string.Join(", ", CacheModes)}");
        }
        else if (modeValue.ValueKind != JsonValueKind.String || !CacheModes.Contains(modeValue.GetString()))
        {
            result.Add(Join(path, "mode"), $"must be one of {string.Join(", ", CacheModes)}");
        }
        else
        {
            mode = modeValue.GetString();
        }

        if (cache.TryGetProperty("max_age", out var maxAge) && !IsNumberAtLeastZero(maxAge))
        {
            result.Add(Join(path, "max_age"), "must be ≥ 0 (seconds)");
        }

        if (cache.TryGetProperty("embedding_model", out var embeddingModel))
        {
            var modelPath = Join(path, "embedding_model");
            if (mode is "simple")
            {
                result.Add(modelPath, "only applies to mode 'semantic'");
            }
            else if (!TrySplitModelReference(embeddingModel, out var slug))
            {
                result.Add(modelPath, "must be \"@slug/model\" (a provider in the catalog and one of its embedding models)");
            }
            else if (providers is not null && !providers.Contains(slug))
            {
                result.Add(modelPath, $"names an unknown provider '@{slug}'");
            }
        }

        if (cache.TryGetProperty("similarity_threshold", out var threshold))
        {
            var thresholdPath = Join(path, "similarity_threshold");
            if (mode is "simple")
            {
                result.Add(thresholdPath, "only applies to mode 'semantic'");
            }
            else if (!(threshold.ValueKind == JsonValueKind.Number && threshold.GetDouble() is > 0 and <= 1))
            {
                result.Add(thresholdPath, "must be a number greater than 0 and at most 1 (cosine similarity)");
            }
        }
    }

    /// <summary><c>@slug/model</c>: both parts non-empty.</summary>
    private static bool TrySplitModelReference(JsonElement value, out string slug)
    {
        slug = "";
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = value.GetString()!;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!text.StartsWith('@') || slash < 2 || slash == text.Length - 1 || text.AsSpan(1, slash - 1).Trim().Length == 0)
        {
            return false;
        }

        slug = text[1..slash];
        return true;
    }

    private static void ValidateCircuitBreaker(JsonElement circuitBreaker, string path, ConfigValidationResult result)
    {
        if (circuitBreaker.ValueKind != JsonValueKind.Object)
        {
            result.Add(path, "must be a JSON object");
            return;
        }

        RejectUnknownKeys(circuitBreaker, path, CircuitBreakerKeys, "cb_config", result);
        if (!circuitBreaker.TryGetProperty("failure_threshold", out var threshold))
        {
            result.Add(Join(path, "failure_threshold"), "is required: an integer ≥ 1 (failures before the target is skipped)");
        }
        else if (!(threshold.TryGetInt64IfNumber(out var failures) && failures >= 1))
        {
            result.Add(Join(path, "failure_threshold"), "must be an integer ≥ 1");
        }

        if (!circuitBreaker.TryGetProperty("cooldown_interval", out var cooldown))
        {
            result.Add(Join(path, "cooldown_interval"), $"is required: an integer ≥ {MinCooldownIntervalMs} (milliseconds)");
        }
        else if (!(cooldown.TryGetInt64IfNumber(out var ms) && ms >= MinCooldownIntervalMs))
        {
            result.Add(Join(path, "cooldown_interval"), $"must be an integer ≥ {MinCooldownIntervalMs} (milliseconds)");
        }

        if (circuitBreaker.TryGetProperty("failure_status_codes", out var codes))
        {
            ValidateStatusCodes(codes, Join(path, "failure_status_codes"), result);
        }
    }

    private static void RejectUnknownKeys(JsonElement owner, string path, IReadOnlyList<string> known, string what, ConfigValidationResult result)
    {
        foreach (var property in owner.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                result.Add(Join(path, property.Name), $"is not a known {what} field ({string.Join(", ", known)})");
            }
        }
    }

    private static void ValidateGuardrails(JsonElement guardrails, string path, ConfigValidationResult result)
    {
        if (guardrails.ValueKind != JsonValueKind.Array)
        {
            result.Add(path, "must be an array of guardrails (objects or saved guardrail ids)");
            return;
        }

        var index = 0;
        foreach (var guardrail in guardrails.EnumerateArray())
        {
            var itemPath = $"{path}[{index}]";
            if (guardrail.ValueKind == JsonValueKind.Object)
            {
                GuardrailValidator.Validate(guardrail, itemPath, result);
            }
            else if (guardrail.ValueKind != JsonValueKind.String)
            {
                result.Add(itemPath, "must be a guardrail object or a saved guardrail id");
            }
            else if (!guardrail.GetString()!.StartsWith(GuardrailChecks.IdPrefix, StringComparison.Ordinal)
                     || guardrail.GetString()!.Length == GuardrailChecks.IdPrefix.Length)
            {
                result.Add(itemPath, $"must be a saved guardrail id (\"{GuardrailChecks.IdPrefix}…\") or a guardrail object");
            }

            index++;
        }
    }

    private static void ValidateStatusCodes(JsonElement codes, string path, ConfigValidationResult result)
    {
        if (codes.ValueKind != JsonValueKind.Array)
        {
            result.Add(path, "must be an array of HTTP status codes");
            return;
        }

        var index = 0;
        foreach (var code in codes.EnumerateArray())
        {
            if (!(code.TryGetInt64IfNumber(out var value) && value is >= 100 and <= 599))
            {
                result.Add($"{path}[{index}]", "must be an integer from 100 to 599");
            }

            index++;
        }
    }

    private static bool IsNumberAtLeastZero(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() >= 0;

    private static bool TryGetInt64IfNumber(this JsonElement value, out long number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number);
    }

    internal static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static string PathOrRoot(string path) => path.Length == 0 ? "(root)" : path;
}
