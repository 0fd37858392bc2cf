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
    [InlineData("""{ "cb_config": { "failure_threshold": -1 } }""", "cb_config.failure_threshold", "must be ≥ 0")]
    [InlineData("""{ "cb_config": { "cooldown_interval": "30s" } }""", "cb_config.cooldown_interval", "must be ≥ 0")]
    [InlineData("""{ "override_params": [] }""", "override_params", "must be a JSON object")]
    [InlineData("""{ "metadata": "team=a" }""", "metadata", "must be a JSON object")]
    [InlineData("""{ "metadata": { "n": 1 } }""", "metadata.n", "must be a string")]
    [InlineData("""{ "input_guardrails": {} }""", "input_guardrails", "must be an array")]
    [InlineData("""{ "output_guardrails": [ 1 ] }""", "output_guardrails[0]", "guardrail object")]
    public void Validate_BadSetting_IsError(string json, string path, string message) => AssertInvalid(json, path, message);

    [Fact]
    public void Validate_ConditionalTargetWithoutName_IsError() =>
        AssertInvalid("""
            { "strategy": { "mode": "conditional", "conditions": [ { "query": {}, "then": "a" } ] },
              "targets": [ { "name": "a", "provider": "mock" }, { "provider": "mock" } ] }
            """, "targets[1].name", "is required");

    [Theory]
    [InlineData("""{ "strategy": { "mode": "conditional" }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions", "is required")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions", "at least one condition")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": {} }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions", "must be an array")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ 1 ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0]", "must be a JSON object")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": "x", "then": "a" } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0].query", "must be a JSON object")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": {} } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0].then", "is required")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": {}, "then": "b" } ] }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.conditions[0].then", "names no target: 'b'")]
    [InlineData("""{ "strategy": { "mode": "conditional", "conditions": [ { "query": {}, "then": "a" } ], "default": "z" }, "targets": [ { "name": "a", "provider": "mock" } ] }""", "strategy.default", "names no target: 'z'")]
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

    [Theory]
    [InlineData("@openai-prod", "openai-prod")]
    [InlineData("openai-prod", "openai-prod")]
    public void ProviderSlug_StripsTheAt(string value, string slug) => Assert.Equal(slug, ConfigValidator.ProviderSlug(value));
}
