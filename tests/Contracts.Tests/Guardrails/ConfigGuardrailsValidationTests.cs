using System.Text.Json;
using Contracts.Configs;

namespace Contracts.Tests.Guardrails;

/// <summary>How <see cref="ConfigValidator"/> validates <c>input_guardrails</c> / <c>output_guardrails</c> items.</summary>
public sealed class ConfigGuardrailsValidationTests
{
    private static ConfigValidationResult Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ConfigValidator.Validate(document.RootElement.Clone());
    }

    [Theory]
    [InlineData("""{ "input_guardrails": ["pg-abc"], "output_guardrails": [{ "portkey.pii": { "redact": true } }] }""")]
    [InlineData("""{ "targets": [{ "provider": "mock", "input_guardrails": [{ "default.contains": { "words": ["x"] }, "deny": true }] }] }""")]
    [InlineData("""{ "input_guardrails": [] }""")]
    public void Validate_ValidGuardrailItems_AreValid(string json)
    {
        var result = Validate(json);
        Assert.True(result.IsValid, result.ToMessage());
    }

    [Theory]
    [InlineData("""{ "input_guardrails": ["abc"] }""", "input_guardrails[0]", "saved guardrail id")]
    [InlineData("""{ "input_guardrails": ["pg-"] }""", "input_guardrails[0]", "saved guardrail id")]
    [InlineData("""{ "output_guardrails": [true] }""", "output_guardrails[0]", "guardrail object or a saved guardrail id")]
    [InlineData("""{ "input_guardrails": [{ "default.regexMatch": { "rule": "(" } }] }""", "input_guardrails[0][\"default.regexMatch\"].rule", "not a valid regular expression")]
    [InlineData("""{ "input_guardrails": ["pg-1", { "deny": true }] }""", "input_guardrails[1]", "at least one check")]
    [InlineData("""{ "output_guardrails": [{ "portkey.pii": {}, "deny": "no" }] }""", "output_guardrails[0].deny", "true or false")]
    [InlineData("""{ "targets": [{ "provider": "mock", "input_guardrails": [{ "default.wordCount": { "maxWords": -2 } }] }] }""", "targets[0].input_guardrails[0][\"default.wordCount\"].maxWords", "integer ≥ 0")]
    public void Validate_InvalidGuardrailItems_NameThePath(string json, string path, string messagePart)
    {
        var result = Validate(json);
        Assert.False(result.IsValid);
        Assert.True(result.Errors.TryGetValue(path, out var messages), $"expected an error at '{path}', got: {result.ToMessage()}");
        Assert.Contains(messages, m => m.Contains(messagePart, StringComparison.Ordinal));
    }
}
