using System.Text.Json;
using Contracts.Configs;
using Contracts.Guardrails;

namespace Contracts.Tests.Guardrails;

public sealed class GuardrailValidatorTests
{
    private static ConfigValidationResult Validate(string json, string rootPath = "")
    {
        using var document = JsonDocument.Parse(json);
        return GuardrailValidator.Validate(document.RootElement.Clone(), rootPath);
    }

    private static void AssertError(ConfigValidationResult result, string path, string messagePart)
    {
        Assert.False(result.IsValid);
        Assert.True(result.Errors.TryGetValue(path, out var messages), $"expected an error at '{path}', got: {result.ToMessage()}");
        Assert.Contains(messages, m => m.Contains(messagePart, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "portkey.pii": {} }""")]
    [InlineData("""{ "portkey.pii": { "redact": true, "categories": ["email", "phone"], "actions": { "phone": "fail" } }, "deny": true }""")]
    [InlineData("""{ "default.regexMatch": { "rule": "^[a-z]+$", "not": true } }""")]
    [InlineData("""{ "default.regexMatch": { "rule": "(?<=a)b" } }""")]
    [InlineData("""{ "default.contains": { "words": ["foo", "credit card"], "operator": "none" } }""")]
    [InlineData("""{ "default.contains": { "words": ["foo"] }, "async": true }""")]
    [InlineData("""{ "default.wordCount": { "minWords": 1 } }""")]
    [InlineData("""{ "default.wordCount": { "minWords": 1, "maxWords": 1 } }""")]
    [InlineData("""{ "default.characterCount": { "maxCharacters": 100 } }""")]
    [InlineData("""{ "default.jsonSchema": {} }""")]
    [InlineData("""{ "default.jsonSchema": { "schema": { "type": "object", "required": ["a"] } } }""")]
    [InlineData("""{ "default.modelWhitelist": { "models": ["gpt-4o", "gpt-4o-mini"] } }""")]
    [InlineData("""{ "default.requiredMetadataKeys": { "metadataKeys": ["team"] } }""")]
    [InlineData("""{ "default.webhook": { "webhookURL": "https://hooks.example.com/check", "headers": { "Authorization": "Bearer x" }, "timeout": 1000 } }""")]
    [InlineData("""{ "default.webhook": { "webhookURL": "http://127.0.0.1:8080/" }, "on_fail": { "feedback": { "value": -1 } }, "on_success": {} }""")]
    [InlineData("""{ "default.contains": { "words": ["a"] }, "default.wordCount": { "maxWords": 10 }, "deny": false }""")]
    public void Validate_ValidGuardrails_AreValid(string json)
    {
        var result = Validate(json);
        Assert.True(result.IsValid, result.ToMessage());
    }

    [Theory]
    [InlineData("""[]""", "(root)", "must be a guardrail object")]
    [InlineData("""{}""", "(root)", "at least one check")]
    [InlineData("""{ "deny": true }""", "(root)", "at least one check")]
    [InlineData("""{ "default.nope": {} }""", "[\"default.nope\"]", "not a known check id")]
    [InlineData("""{ "portkey.pii": {}, "deny": "yes" }""", "deny", "true or false")]
    [InlineData("""{ "portkey.pii": {}, "async": 1 }""", "async", "true or false")]
    [InlineData("""{ "portkey.pii": {}, "on_fail": [] }""", "on_fail", "JSON object")]
    [InlineData("""{ "portkey.pii": {}, "on_success": "x" }""", "on_success", "JSON object")]
    [InlineData("""{ "portkey.pii": [] }""", "[\"portkey.pii\"]", "parameters")]
    [InlineData("""{ "portkey.pii": { "redcat": true } }""", "[\"portkey.pii\"].redcat", "not a parameter of portkey.pii")]
    [InlineData("""{ "portkey.pii": { "not": "yes" } }""", "[\"portkey.pii\"].not", "true or false")]
    [InlineData("""{ "portkey.pii": { "redact": "yes" } }""", "[\"portkey.pii\"].redact", "true or false")]
    [InlineData("""{ "portkey.pii": { "categories": [] } }""", "[\"portkey.pii\"].categories", "non-empty array")]
    [InlineData("""{ "portkey.pii": { "categories": ["email", "ssn"] } }""", "[\"portkey.pii\"].categories[1]", "must be one of")]
    [InlineData("""{ "portkey.pii": { "actions": [] } }""", "[\"portkey.pii\"].actions", "JSON object")]
    [InlineData("""{ "portkey.pii": { "actions": { "email": "mask" } } }""", "[\"portkey.pii\"].actions.email", "\"redact\" or \"fail\"")]
    [InlineData("""{ "portkey.pii": { "actions": { "pin": "fail" } } }""", "[\"portkey.pii\"].actions.pin", "not a category")]
    [InlineData("""{ "portkey.pii": { "categories": ["email"], "actions": { "phone": "fail" } } }""", "[\"portkey.pii\"].actions.phone", "categories leaves out")]
    [InlineData("""{ "default.regexMatch": {} }""", "[\"default.regexMatch\"].rule", "is required")]
    [InlineData("""{ "default.regexMatch": { "rule": 5 } }""", "[\"default.regexMatch\"].rule", "non-empty regular expression")]
    [InlineData("""{ "default.regexMatch": { "rule": "([a-z" } }""", "[\"default.regexMatch\"].rule", "not a valid regular expression")]
    [InlineData("""{ "default.contains": {} }""", "[\"default.contains\"].words", "is required")]
    [InlineData("""{ "default.contains": { "words": "foo" } }""", "[\"default.contains\"].words", "non-empty array")]
    [InlineData("""{ "default.contains": { "words": ["ok", 3] } }""", "[\"default.contains\"].words[1]", "non-empty string")]
    [InlineData("""{ "default.contains": { "words": ["!!!"] } }""", "[\"default.contains\"].words[0]", "letter or digit")]
    [InlineData("""{ "default.contains": { "words": ["a"], "operator": "some" } }""", "[\"default.contains\"].operator", "any, all, none")]
    [InlineData("""{ "default.wordCount": {} }""", "[\"default.wordCount\"]", "minWords, maxWords or both")]
    [InlineData("""{ "default.wordCount": { "minWords": -1 } }""", "[\"default.wordCount\"].minWords", "integer ≥ 0")]
    [InlineData("""{ "default.wordCount": { "maxWords": 1.5 } }""", "[\"default.wordCount\"].maxWords", "integer ≥ 0")]
    [InlineData("""{ "default.wordCount": { "minWords": 5, "maxWords": 2 } }""", "[\"default.wordCount\"].maxWords", "≥ minWords")]
    [InlineData("""{ "default.characterCount": { "minCharacters": "3" } }""", "[\"default.characterCount\"].minCharacters", "integer ≥ 0")]
    [InlineData("""{ "default.characterCount": { "minWords": 3 } }""", "[\"default.characterCount\"].minWords", "not a parameter")]
    [InlineData("""{ "default.jsonSchema": { "schema": "object" } }""", "[\"default.jsonSchema\"].schema", "JSON Schema")]
    [InlineData("""{ "default.modelWhitelist": {} }""", "[\"default.modelWhitelist\"].models", "is required")]
    [InlineData("""{ "default.modelWhitelist": { "models": [] } }""", "[\"default.modelWhitelist\"].models", "non-empty array")]
    [InlineData("""{ "default.requiredMetadataKeys": { "metadataKeys": [""] } }""", "[\"default.requiredMetadataKeys\"].metadataKeys[0]", "non-empty string")]
    [InlineData("""{ "default.webhook": {} }""", "[\"default.webhook\"].webhookURL", "is required")]
    [InlineData("""{ "default.webhook": { "webhookURL": "/relative" } }""", "[\"default.webhook\"].webhookURL", "absolute http or https")]
    [InlineData("""{ "default.webhook": { "webhookURL": "ftp://example.com/x" } }""", "[\"default.webhook\"].webhookURL", "absolute http or https")]
    [InlineData("""{ "default.webhook": { "webhookURL": "https://h/x", "headers": [] } }""", "[\"default.webhook\"].headers", "JSON object")]
    [InlineData("""{ "default.webhook": { "webhookURL": "https://h/x", "headers": { "X-Key": 1 } } }""", "[\"default.webhook\"].headers[\"X-Key\"]", "must be a string")]
    [InlineData("""{ "default.webhook": { "webhookURL": "https://h/x", "headers": { "Bad Name": "v" } } }""", "[\"default.webhook\"].headers[\"Bad Name\"]", "header name")]
    [InlineData("""{ "default.webhook": { "webhookURL": "https://h/x", "timeout": 0 } }""", "[\"default.webhook\"].timeout", "from 1 to 30000")]
    [InlineData("""{ "default.webhook": { "webhookURL": "https://h/x", "timeout": 60000 } }""", "[\"default.webhook\"].timeout", "from 1 to 30000")]
    public void Validate_InvalidGuardrails_NameThePath(string json, string path, string messagePart) =>
        AssertError(Validate(json), path, messagePart);

    [Fact]
    public void Validate_WithRootPath_PrefixesEveryPath()
    {
        var result = Validate("""{ "default.regexMatch": { "rule": "(" }, "deny": 1 }""", "guardrail");
        Assert.Equal(["guardrail.deny", "guardrail[\"default.regexMatch\"].rule"], result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_WebhookHeaderValue_IsNeverEchoed()
    {
        var result = Validate("""{ "default.webhook": { "webhookURL": "https://h/x", "headers": { "Authorization": "Bearer s3cr3t\n" } } }""");
        Assert.False(result.IsValid);
        Assert.DoesNotContain("s3cr3t", result.ToMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCheck_UnknownId_IsError() =>
        AssertError(GuardrailValidator.ValidateCheck("default.nope", JsonDocument.Parse("{}").RootElement), "[\"default.nope\"]", "not a known check id");

    [Fact]
    public void Parameters_CoverEveryCheck() =>
        Assert.Equal(GuardrailChecks.All.Order(), GuardrailValidator.Parameters.Keys.Order());
}
