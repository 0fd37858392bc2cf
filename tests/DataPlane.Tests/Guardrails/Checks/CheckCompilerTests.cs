using Contracts.Guardrails;
using DataPlane.Guardrails.Checks;
using static DataPlane.Tests.Guardrails.Checks.CheckRunner;

namespace DataPlane.Tests.Guardrails.Checks;

public sealed class CheckCompilerTests
{
    [Theory]
    [InlineData(GuardrailChecks.Pii, "{}", typeof(PiiCheck))]
    [InlineData(GuardrailChecks.RegexMatch, """{ "rule": "a" }""", typeof(RegexMatchCheck))]
    [InlineData(GuardrailChecks.Contains, """{ "words": ["a"] }""", typeof(ContainsCheck))]
    [InlineData(GuardrailChecks.WordCount, """{ "minWords": 1 }""", typeof(WordCountCheck))]
    [InlineData(GuardrailChecks.CharacterCount, """{ "maxCharacters": 1 }""", typeof(CharacterCountCheck))]
    [InlineData(GuardrailChecks.JsonSchema, "{}", typeof(JsonSchemaCheck))]
    [InlineData(GuardrailChecks.ModelWhitelist, """{ "models": ["m"] }""", typeof(ModelWhitelistCheck))]
    [InlineData(GuardrailChecks.RequiredMetadataKeys, """{ "metadataKeys": ["k"] }""", typeof(RequiredMetadataKeysCheck))]
    [InlineData(GuardrailChecks.Webhook, """{ "webhookURL": "http://127.0.0.1:9/" }""", typeof(WebhookCheck))]
    public void Compile_EveryCheckId_BuildsItsCheck(string id, string parameters, Type type)
    {
        var check = Compile(id, parameters);
        Assert.IsType(type, check);
        Assert.Equal(id, check.Id);

        var inverted = Assert.IsType<InvertedCheck>(Compile(id, parameters.TrimEnd('}').TrimEnd() + (parameters == "{}" ? "" : ",") + """ "not": true }"""));
        Assert.IsType(type, inverted.Inner);
        Assert.Equal(id, inverted.Id);
    }

    [Theory]
    [InlineData(GuardrailChecks.RegexMatch, """{ "rule": "(" }""", "rule")]
    [InlineData(GuardrailChecks.Contains, """{ "words": [] }""", "words")]
    [InlineData(GuardrailChecks.WordCount, "{}", "(root)")]
    [InlineData(GuardrailChecks.Webhook, """{ "webhookURL": "ftp://x" }""", "webhookURL")]
    [InlineData(GuardrailChecks.Pii, """{ "categories": ["pin"] }""", "categories[0]")]
    [InlineData("default.nope", "{}", "[\"default.nope\"]")]
    public void Compile_InvalidParameters_ThrowsNamingTheParameter(string id, string parameters, string param)
    {
        var e = Assert.Throws<ArgumentException>(() => Compile(id, parameters));
        Assert.Equal(param, e.ParamName);
    }
}
