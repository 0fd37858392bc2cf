using System.Text.Json;
using Contracts.Configs;

namespace Contracts.Tests.Configs;

public sealed class ConfigValidatorTests
{
    private static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { "openai-prod", "anthropic-prod", "mock" };

    private static ConfigValidationResult Validate(string json, IReadOnlySet<string>? providers = null, string rootPath = "")
    {
        using var document = JsonDocument.Parse(json);
        return ConfigValidator.Validate(document.RootElement.Clone(), providers, rootPath);
    }

    private static void AssertInvalid(string json, string path, string messagePart, IReadOnlySet<string>? providers = null)
    {
        var result = Validate(json, providers);
        Assert.False(result.IsValid);
        Assert.True(result.Errors.TryGetValue(path, out var messages), $"expected an error at '{path}', got: {result.ToMessage()}");
        Assert.Contains(messages, m => m.Contains(messagePart, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ContractExample_IsValid()
    {
        var result = Validate("""
            {
              "strategy": { "mode": "conditional", "on_status_codes": [429, 500],
                            "conditions": [{ "query": { "metadata.tier": { "$eq": "pro" } }, "then": "big" }],
                            "default": "small" },
              "targets": [
                { "name": "big", "provider": "@openai-prod", "weight": 0.7, "override_params": { "model": "gpt-4o" } },
                { "name": "small", "provider": "mock" }
              ],
              "retry": { "attempts": 3, "on_status_codes": [429, 500, 502, 503, 504], "use_retry_after_header": true },
              "request_timeout": 10000,
              "cache": { "mode": "simple", "max_age": 3600 },
              "cb_config": { "failure_threshold": 5, "cooldown_interval": 30000, "failure_status_codes": [500, 502, 503] },
              "input_guardrails": [ { "default.contains": { "words": ["x"], "operator": "none" }, "deny": true } ],
              "output_guardrails": [ "pg-saved-1" ],
              "override_params": { "temperature": 0.2 }, "metadata": { "team": "a" }
            }
            """, Known);
        Assert.True(result.IsValid, result.ToMessage());
    }

    [Fact]
    public void Validate_DeeplyNestedTargets_AreValid()
    {
        var result = Validate("""
            { "strategy": { "mode": "fallback" }, "targets": [
                { "strategy": { "mode": "loadbalance" }, "targets": [
                    { "provider": "@openai-prod", "weight": 1 },
                    { "strategy": { "mode": "fallback", "on_status_codes": [503] }, "targets": [ { "provider": "mock" }, { "provider": "@anthropic-prod" } ] } ] },
                { "provider": "mock", "retry": { "attempts": 0 } } ] }
            """, Known);
        Assert.True(result.IsValid, result.ToMessage());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{ "provider": "@mock" }""")]
    [InlineData("""{ "strategy": { "mode": "single" }, "provider": "mock" }""")]
    [InlineData("""{ "retry": { "attempts": 5 }, "cache": { "mode": "semantic" } }""")]
    public void Validate_MinimalConfigs_AreValid(string json) =>
        Assert.True(Validate(json, Known).IsValid);

    [Fact]
    public void Validate_NotAnObject_ReportsRoot()
    {
        AssertInvalid("[]", "(root)", "must be a JSON object");
        Assert.Equal(["config"], Validate("\"pc-1\"", rootPath: "config").Errors.Keys);
    }

    [Fact]
    public void Validate_UnknownTopLevelKey_IsError() =>
        AssertInvalid("""{ "provider": "mock", "virtual_key": "x" }""", "virtual_key", "not a known config field");

    [Fact]
    public void Validate_UnknownKeyInTarget_IsErrorAtItsPath() =>
        AssertInvalid("""{ "strategy": { "mode": "fallback" }, "targets": [ { "provider": "mock" }, { "providr": "mock" } ] }""",
            "targets[1].providr", "not a known config field");

    [Theory]
    [InlineData("""{ "strategy": { "mode": "roundrobin" } }""", "strategy.mode", "must be one of")]
    [InlineData("""{ "strategy": { "mode": 1 } }""", "strategy.mode", "must be one of")]
    [InlineData("""{ "strategy": { } }""", "strategy.mode", "is required")]
    [InlineData("""{ "strategy": "fallback" }""", "strategy", "must be a JSON object")]
    public void Validate_BadStrategy_IsError(string json, string path, string message) => AssertInvalid(json, path, message);

    [Theory]
    [InlineData("fallback")]
    [InlineData("loadbalance")]
    [InlineData("conditional")]
    public void Validate_MultiTargetModeWithoutTargets_IsError(string mode)
    {
        AssertInvalid($$"""{ "strategy": { "mode": "{{mode}}" } }""", "targets", "is required");
        AssertInvalid($$"""{ "strategy": { "mode": "{{mode}}" }, "targets": [] }""", "targets", "at least one target");
    }

    [Theory]
    [InlineData("""{ "targets": {} }""", "targets", "must be an array")]
    [InlineData("""{ "targets": [ 1 ] }""", "targets[0]", "must be a JSON object")]
    [InlineData("""{ "targets": [ { "provider": "mock", "weight": -0.5 } ] }""", "targets[0].weight", "must be ≥ 0")]
    [InlineData("""{ "targets": [ { "provider": "mock", "weight": "1" } ] }""", "targets[0].weight", "must be ≥ 0")]
    [InlineData("""{ "targets": [ { "name": "", "provider": "mock" } ] }""", "targets[0].name", "non-empty")]
    [InlineData("""{ "targets": [ { "name": "a", "provider": "mock" }, { "name": "a", "provider": "mock" } ] }""", "targets[1].name", "duplicates")]
    public void Validate_BadTargets_IsError(string json, string path, string message) => AssertInvalid(json, path, message);

    [Theory]
    [InlineData("""{ "provider": 5 }""")]
    [InlineData("""{ "provider": "" }""")]
    [InlineData("""{ "provider": "@" }""")]
    public void Validate_ProviderNotASlug_IsError(string json) => AssertInvalid(json, "provider", "must be a provider slug");

    [Fact]
    public void Validate_UnknownProvider_IsErrorOnlyWhenSlugsAreGiven()
    {
        const string json = """{ "strategy": { "mode": "fallback" }, "targets": [ { "provider": "@mock" }, { "provider": "@nope" } ] }""";
        Assert.True(Validate(json).IsValid);
        AssertInvalid(json, "targets[1].provider", "unknown provider '@nope'", Known);
        Assert.Single(Validate(json, Known).Errors);
    }

    [Theory]
    [InlineData("""{ "strategy": { "mode": "fallback", "on_status_codes": [99] }, "targets": [ { "provider": "mock" } ] }""", "strategy.on_status_codes[0]")]
    [InlineData("""{ "strategy": { "mode": "fallback", "on_status_codes": [429, 600] }, "targets": [ { "provider": "mock" } ] }""", "strategy.on_status_codes[1]")]
    [InlineData("""{ "strategy": { "mode": "fallback", "on_status_codes": [500.5] }, "targets": [ { "provider": "mock" } ] }""", "strategy.on_status_codes[0]")]
    [InlineData("""{ "retry": { "on_status_codes": ["429"] } }""", "retry.on_status_codes[0]")]
    [InlineData("""{ "cb_config": { "failure_status_codes": [1000] } }""", "cb_config.failure_status_codes[0]")]
    public void Validate_StatusCodeOutOfRange_IsError(string json, string path) => AssertInvalid(json, path, "from 100 to 599");

    [Theory]
    [InlineData("""{ "retry": { "attempts": 6 } }""", "retry.attempts", "from 0 to 5")]
    [InlineData("""{ "retry": { "attempts": -1 } }""", "retry.attempts", "from 0 to 5")]
    [InlineData("""{ "retry": { "attempts": 1.5 } }""", "retry.attempts", "from 0 to 5")]
    [InlineData("""{ "retry": { "use_retry_after_header": "yes" } }""", "retry.use_retry_after_header", "true or false")]
    [InlineData("""{ "retry": 3 }""", "retry", "must be a JSON object")]
    [InlineData("""{ "request_timeout": 0 }""", "request_timeout", "positive integer")]
    [InlineData("""{ "request_timeout": "10s" }""", "request_timeout", "positive integer")]
    [InlineData("""{ "cache": { "mode": "exact" } }""", "cache.mode", "must be one of")]
    [InlineData("""{ "cache": { "max_age": 60 } }""", "cache.mode", "is required")]
    [InlineData("""{ "cache": { "mode": "simple", "max_age": -1 } }""", "cache.max_age", "must be ≥ 0")]
    [InlineData("""{ "cb_config": { "failure_threshold": -1, "cooldown_interval": 30000 } }""", "cb_config.failure_threshold", "integer ≥ 1")]
    [InlineData("""{ "cb_config": { "failure_threshold": 3, "cooldown_interval": "30s" } }""", "cb_config.cooldown_interval", "integer ≥ 1000")]
    [InlineData("""{ "override_params": [] }""", "override_params", "must be a JSON object")]
    [InlineData("""{ "metadata": "team=a" }""", "metadata", "must be a JSON object")]
    [InlineData("""{ "metadata": { "n": 1 } }""", "metadata.n", "must be a string")]
    [InlineData("""{ "input_guardrails": {} }""", "input_guardrails", "must be an array")]
    [InlineData("""{ "output_guardrails": [ 1 ] }""", "output_guardrails[0]", "guardrail object")]
    public void Validate_BadSetting_IsError(string json, string path, string message) => AssertInvalid(json, path, message);

    [Fact]
    public void Validate_ConditionalTargetWithoutName_IsError() =>
        AssertInvalid("""
            { "strategy": { "mode": "conditional", "conditions": [ { "query": { "metadata.tier": "pro" }, "then": "a" } ] },
              "targets": [ { "name": "a", "provider": "mock" }, { "provider": "mock" } ] }
            """, "targets[1].name", "is required");

    [Theory]
    [InlineData("""{ "strategy": { "mode": "conditional" }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions", "is required")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions", "at least one condition")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": {} }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions", "must be an array")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ 1 ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0]", "must be a JSON object")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": "x", "then": "a" } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0].query", "must be a JSON object")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": { "url.pathname": "/v1/embeddings" } } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0].then", "is required")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": { "metadata.tier": "pro" }, "then": "b" } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0].then", "names no target: 'b'")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": { "metadata.tier": "pro" }, "then": "a" } ], "default": "z" }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.default", "names no target: 'z'")]
    public void Validate_BadConditions_IsError(string json, string path, string message) => AssertInvalid(json, path, message);

    [Fact]
    public void Validate_SeveralFailures_NamesEveryPath()
    {
        var result = Validate("""
            { "strategy": { "mode": "loadbalance" },
              "targets": [
                { "provider": "mock", "weight": -1 },
                { "provider": "@ghost", "retry": { "attempts": 9 } },
                { "strategy": { "mode": "fallback" }, "targets": [ { "provider": "mock", "request_timeout": -5 } ] } ],
              "cache": { "mode": "exact" },
              "extra": true }
            """, Known);
        Assert.Equal(
            ["extra", "targets[0].weight", "targets[1].provider", "targets[1].retry.attempts", "targets[2].targets[0].request_timeout", "cache.mode"],
            result.Errors.Keys);
        Assert.Contains("targets[0].weight: must be ≥ 0", result.ToMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithRootPath_PrefixesEveryPath()
    {
        var result = Validate("""{ "targets": [ { "weight": -1 } ] }""", rootPath: "config");
        Assert.Equal(["config.targets[0].weight"], result.Errors.Keys);
    }

    /// <summary>A valid conditional config around one query, so the query's errors are the only ones.</summary>
    private static string Conditional(string query) => $$"""
        { "strategy": { "mode": "conditional", "conditions": [ { "query": {{query}}, "then": "a" } ], "default": "b" },
          "targets": [ { "name": "a", "provider": "mock" }, { "name": "b", "provider": "@openai-prod" } ] }
        """;

    private const string Query = "strategy.conditions[0].query";

    [Theory]
    [InlineData("""{}""", Query, "at least one condition")]
    [InlineData("""[]""", Query, "must be a JSON object")]
    [InlineData("""{ "metadata.tier": { "$foo": 1 } }""", Query + ".metadata.tier.$foo", "is not a known operator ($eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $regex)")]
    [InlineData("""{ "metadata.tier": { "$exists": true } }""", Query + ".metadata.tier.$exists", "is not a known operator")]
    [InlineData("""{ "metadata.tier": { "eq": "pro" } }""", Query + ".metadata.tier.eq", "is not a known operator")]
    [InlineData("""{ "metadata.": "x" }""", Query + ".metadata.", "needs a key")]
    [InlineData("""{ "params.": 1 }""", Query + ".params.", "needs a key")]
    [InlineData("""{ "params.a..b": 1 }""", Query + ".params.a..b", "dotted parts are not empty")]
    [InlineData("""{ "params.a.": 1 }""", Query + ".params.a.", "dotted parts are not empty")]
    [InlineData("""{ "url.host": "x" }""", Query + ".url.host", "is not a known query field")]
    [InlineData("""{ "tier": "pro" }""", Query + ".tier", "is not a known query field")]
    [InlineData("""{ "$not": { "metadata.a": "x" } }""", Query + ".$not", "is not a known operator here")]
    [InlineData("""{ "$eq": "x" }""", Query + ".$eq", "is not a known operator here")]
    [InlineData("""{ "$and": [] }""", Query + ".$and", "non-empty array of queries")]
    [InlineData("""{ "$or": { "metadata.a": "x" } }""", Query + ".$or", "non-empty array of queries")]
    [InlineData("""{ "$and": [ { "metadata.a": "x" }, 1 ] }""", Query + ".$and[1]", "must be a JSON object")]
    [InlineData("""{ "$or": [ { "metadata.a": "x" }, {} ] }""", Query + ".$or[1]", "at least one condition")]
    [InlineData("""{ "$or": [ { "$and": [ { "metadata.a": { "$bad": 1 } } ] } ] }""", Query + ".$or[0].$and[0].metadata.a.$bad", "is not a known operator")]
    [InlineData("""{ "metadata.a": [ "x", "y" ] }""", Query + ".metadata.a", "implicit $eq")]
    [InlineData("""{ "metadata.a": {} }""", Query + ".metadata.a", "at least one operator")]
    [InlineData("""{ "metadata.a": { "$eq": [ 1 ] } }""", Query + ".metadata.a.$eq", "string, number, boolean or null")]
    [InlineData("""{ "metadata.a": { "$ne": {} } }""", Query + ".metadata.a.$ne", "string, number, boolean or null")]
    [InlineData("""{ "metadata.a": { "$in": "x" } }""", Query + ".metadata.a.$in", "must be an array")]
    [InlineData("""{ "metadata.a": { "$nin": { "x": 1 } } }""", Query + ".metadata.a.$nin", "must be an array")]
    [InlineData("""{ "metadata.a": { "$in": [ "x", [ "y" ] ] } }""", Query + ".metadata.a.$in[1]", "string, number, boolean or null")]
    [InlineData("""{ "metadata.a": { "$nin": [ 1, {} ] } }""", Query + ".metadata.a.$nin[1]", "string, number, boolean or null")]
    [InlineData("""{ "metadata.a": { "$gt": true } }""", Query + ".metadata.a.$gt", "must be a number")]
    [InlineData("""{ "metadata.a": { "$gte": null } }""", Query + ".metadata.a.$gte", "must be a number")]
    [InlineData("""{ "metadata.a": { "$lt": [ 1 ] } }""", Query + ".metadata.a.$lt", "must be a number")]
    [InlineData("""{ "params.max_tokens": { "$lte": {} } }""", Query + ".params.max_tokens.$lte", "must be a number")]
    [InlineData("""{ "metadata.a": { "$regex": "(" } }""", Query + ".metadata.a.$regex", "is not a valid regular expression")]
    [InlineData("""{ "metadata.a": { "$regex": "[a-" } }""", Query + ".metadata.a.$regex", "is not a valid regular expression")]
    [InlineData("""{ "url.pathname": { "$regex": "a{2,1}" } }""", Query + ".url.pathname.$regex", "is not a valid regular expression")]
    [InlineData("""{ "metadata.a": { "$regex": 5 } }""", Query + ".metadata.a.$regex", "must be a regular expression")]
    public void Validate_BadQuery_NamesExactlyItsPath(string query, string path, string message)
    {
        var result = Validate(Conditional(query), Known);
        Assert.Equal([path], result.Errors.Keys);
        Assert.Contains(result.Errors[path], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadQuery_MessageNamesPathAndOperator() =>
        Assert.Contains(
            "strategy.conditions[0].query.metadata.tier.$foo: is not a known operator ($eq,",
            Validate(Conditional("""{ "metadata.tier": { "$foo": "pro" } }"""), Known).ToMessage(),
            StringComparison.Ordinal);

    [Fact]
    public void Validate_QueryWithSeveralFaults_NamesEveryOne()
    {
        var result = Validate(Conditional("""
            { "metadata.a": { "$in": 1, "$regex": "(", "$zz": 0 }, "nope": 1, "$or": [ { "params.x": { "$gt": false } } ] }
            """), Known);
        Assert.Equal(
            [Query + ".metadata.a.$in", Query + ".metadata.a.$regex", Query + ".metadata.a.$zz", Query + ".nope", Query + ".$or[0].params.x.$gt"],
            result.Errors.Keys);
    }

    private const string TwoTargets = """[ { "provider": "mock" }, { "provider": "@openai-prod" } ]""";

    [Theory]
    // cb_config: only three known keys, two of them required
    [InlineData("""{ "cb_config": { "failure_threshold": 5, "cooldown_interval": 30000, "half_open_after": 1 } }""", "cb_config.half_open_after", "is not a known cb_config field")]
    [InlineData("""{ "cb_config": { "cooldown_interval": 30000 } }""", "cb_config.failure_threshold", "is required")]
    [InlineData("""{ "cb_config": { "failure_threshold": 5 } }""", "cb_config.cooldown_interval", "is required")]
    [InlineData("""{ "cb_config": { "failure_threshold": 0, "cooldown_interval": 30000 } }""", "cb_config.failure_threshold", "integer ≥ 1")]
    [InlineData("""{ "cb_config": { "failure_threshold": 2.5, "cooldown_interval": 30000 } }""", "cb_config.failure_threshold", "integer ≥ 1")]
    [InlineData("""{ "cb_config": { "failure_threshold": 5, "cooldown_interval": 999 } }""", "cb_config.cooldown_interval", "integer ≥ 1000")]
    [InlineData("""{ "cb_config": { "failure_threshold": 5, "cooldown_interval": 1500.5 } }""", "cb_config.cooldown_interval", "integer ≥ 1000")]
    [InlineData("""{ "cb_config": { "failure_threshold": 5, "cooldown_interval": 30000, "failure_status_codes": 500 } }""", "cb_config.failure_status_codes", "must be an array")]
    [InlineData("""{ "cb_config": [ 5 ] }""", "cb_config", "must be a JSON object")]
    [InlineData("""{ "targets": [ { "provider": "mock", "cb_config": { "failure_threshold": 1, "cooldown_interval": 1000, "x": 1 } } ] }""", "targets[0].cb_config.x", "is not a known cb_config field")]
    // cache: known keys, semantic-only keys, model reference, threshold range
    [InlineData("""{ "cache": { "mode": "simple", "ttl": 60 } }""", "cache.ttl", "is not a known cache field (mode, max_age, embedding_model, similarity_threshold)")]
    [InlineData("""{ "cache": { "mode": "simple", "embedding_model": "@mock/embed" } }""", "cache.embedding_model", "only applies to mode 'semantic'")]
    [InlineData("""{ "cache": { "mode": "simple", "similarity_threshold": 0.9 } }""", "cache.similarity_threshold", "only applies to mode 'semantic'")]
    [InlineData("""{ "cache": { "mode": "semantic", "embedding_model": "mock/embed" } }""", "cache.embedding_model", "must be \"@slug/model\"")]
    [InlineData("""{ "cache": { "mode": "semantic", "embedding_model": "@mock" } }""", "cache.embedding_model", "must be \"@slug/model\"")]
    [InlineData("""{ "cache": { "mode": "semantic", "embedding_model": "@/embed" } }""", "cache.embedding_model", "must be \"@slug/model\"")]
    [InlineData("""{ "cache": { "mode": "semantic", "embedding_model": "@mock/" } }""", "cache.embedding_model", "must be \"@slug/model\"")]
    [InlineData("""{ "cache": { "mode": "semantic", "embedding_model": 5 } }""", "cache.embedding_model", "must be \"@slug/model\"")]
    [InlineData("""{ "cache": { "mode": "semantic", "embedding_model": "@ghost/embed" } }""", "cache.embedding_model", "names an unknown provider '@ghost'")]
    [InlineData("""{ "cache": { "mode": "semantic", "similarity_threshold": 0 } }""", "cache.similarity_threshold", "greater than 0 and at most 1")]
    [InlineData("""{ "cache": { "mode": "semantic", "similarity_threshold": 1.01 } }""", "cache.similarity_threshold", "greater than 0 and at most 1")]
    [InlineData("""{ "cache": { "mode": "semantic", "similarity_threshold": -0.5 } }""", "cache.similarity_threshold", "greater than 0 and at most 1")]
    [InlineData("""{ "cache": { "mode": "semantic", "similarity_threshold": "0.9" } }""", "cache.similarity_threshold", "greater than 0 and at most 1")]
    // retry and strategy: unknown keys
    [InlineData("""{ "retry": { "attempts": 2, "backoff": "exponential" } }""", "retry.backoff", "is not a known retry field (attempts, on_status_codes, use_retry_after_header)")]
    [InlineData("""{ "strategy": { "mode": "fallback", "on_status": [ 500 ] }, "targets": """ + TwoTargets + " }", "strategy.on_status", "is not a known strategy field (mode, on_status_codes, conditions, default)")]
    [InlineData("""{ "strategy": { "mode": "fallback", "conditions": [ { "query": { "metadata.a": "x" }, "then": "a" } ] }, "targets": """ + TwoTargets + " }", "strategy.conditions", "only applies to mode 'conditional'")]
    [InlineData("""{ "strategy": { "mode": "loadbalance", "default": "a" }, "targets": """ + TwoTargets + " }", "strategy.default", "only applies to mode 'conditional'")]
    // conditions: unknown keys, missing query
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": { "metadata.a": "x" }, "then": "a", "else": "a" } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0].else", "is not a known condition field (query, then)")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "then": "a" } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0].query", "is required")]
    // loadbalance: some target must be choosable
    [InlineData("""{ "strategy": { "mode": "loadbalance" }, "targets": [ { "provider": "mock", "weight": 0 }, { "provider": "@openai-prod", "weight": 0 } ] }""", "targets", "at least one target with weight > 0")]
    [InlineData("""{ "strategy": { "mode": "fallback" }, "targets": [ { "strategy": { "mode": "loadbalance" }, "targets": [ { "provider": "mock", "weight": 0 } ] } ] }""", "targets[0].targets", "at least one target with weight > 0")]
    // provider slugs are checked at every depth
    [InlineData("""{ "strategy": { "mode": "fallback" }, "targets": [ { "strategy": { "mode": "loadbalance" }, "targets": [ { "provider": "@ghost" } ] } ] }""", "targets[0].targets[0].provider", "unknown provider '@ghost'")]
    public void Validate_BadConfig_NamesExactlyItsPath(string json, string path, string message)
    {
        var result = Validate(json, Known);
        Assert.Equal([path], result.Errors.Keys);
        Assert.Contains(result.Errors[path], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "provider": "@mock" }""")]
    [InlineData("""{ "strategy": { "mode": "single" }, "targets": [ { "provider": "mock", "override_params": { "model": "gpt-4o" } } ] }""")]
    [InlineData("""{ "strategy": { "mode": "fallback", "on_status_codes": [ 429, 503 ] }, "targets": """ + TwoTargets + " }")]
    [InlineData("""{ "strategy": { "mode": "loadbalance" }, "targets": [ { "provider": "mock", "weight": 0 }, { "provider": "@openai-prod" } ] }""")]
    [InlineData("""{ "strategy": { "mode": "loadbalance" }, "targets": [ { "provider": "mock", "weight": 0.25 }, { "provider": "@openai-prod", "weight": 3 } ] }""")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": { "metadata.tier": "pro" }, "then": "a" } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""")]
    [InlineData("""{ "cache": { "mode": "semantic", "embedding_model": "@openai-prod/text-embedding-3-small", "similarity_threshold": 1 } }""")]
    [InlineData("""{ "cache": { "mode": "semantic", "similarity_threshold": 0.5, "max_age": 60 } }""")]
    [InlineData("""{ "cb_config": { "failure_threshold": 1, "cooldown_interval": 1000 } }""")]
    [InlineData("""{ "cb_config": { "failure_threshold": 3, "cooldown_interval": 60000, "failure_status_codes": [ 429, 500 ] } }""")]
    [InlineData("""{ "retry": { "attempts": 2, "on_status_codes": [ 429 ], "use_retry_after_header": false } }""")]
    [InlineData("""
        { "strategy": { "mode": "loadbalance" }, "targets": [
            { "weight": 2, "strategy": { "mode": "fallback" }, "targets": [
                { "strategy": { "mode": "conditional", "conditions": [ { "query": { "params.stream": true }, "then": "s" } ], "default": "n" },
                  "targets": [ { "name": "s", "provider": "mock" }, { "name": "n", "provider": "@anthropic-prod",
                                 "cb_config": { "failure_threshold": 2, "cooldown_interval": 5000 } } ] },
                { "provider": "@openai-prod", "cache": { "mode": "simple" } } ] },
            { "weight": 1, "provider": "mock" } ] }
        """)]
    public void Validate_GoodConfig_IsValid(string json)
    {
        var result = Validate(json, Known);
        Assert.True(result.IsValid, result.ToMessage());
    }

    [Theory]
    [InlineData("""{ "metadata.tier": "pro" }""")]
    [InlineData("""{ "metadata.tier": 3 }""")]
    [InlineData("""{ "params.stream": true }""")]
    [InlineData("""{ "params.user": null }""")]
    [InlineData("""{ "metadata.tier": { "$eq": "pro" } }""")]
    [InlineData("""{ "metadata.tier": { "$ne": "free" } }""")]
    [InlineData("""{ "params.max_tokens": { "$gt": 100 } }""")]
    [InlineData("""{ "params.max_tokens": { "$gte": 100, "$lte": 4000 } }""")]
    [InlineData("""{ "params.temperature": { "$lt": 0.5 } }""")]
    [InlineData("""{ "metadata.version": { "$gte": "2024-01", "$lt": "2025-01" } }""")]
    [InlineData("""{ "metadata.region": { "$in": [ "eu", "uk", 3, true, null ] } }""")]
    [InlineData("""{ "metadata.region": { "$nin": [] } }""")]
    [InlineData("""{ "params.model": { "$regex": "^gpt-4(o|\\.1)" } }""")]
    [InlineData("""{ "url.pathname": "/v1/chat/completions" }""")]
    [InlineData("""{ "params.response_format.type": "json_schema" }""")]
    [InlineData("""{ "metadata.team.name": "search" }""")]
    [InlineData("""{ "$and": [ { "metadata.tier": "pro" }, { "$or": [ { "params.stream": true }, { "url.pathname": { "$regex": "embeddings$" } } ] } ] }""")]
    [InlineData("""{ "metadata.tier": "pro", "params.model": { "$ne": "gpt-4o" }, "$or": [ { "metadata.a": "1" }, { "metadata.b": "2" } ] }""")]
    public void Validate_GoodQuery_IsValid(string query)
    {
        var result = Validate(Conditional(query), Known);
        Assert.True(result.IsValid, result.ToMessage());
    }

    [Theory]
    [InlineData("@openai-prod", "openai-prod")]
    [InlineData("openai-prod", "openai-prod")]
    public void ProviderSlug_StripsTheAt(string value, string slug) => Assert.Equal(slug, ConfigValidator.ProviderSlug(value));
}
