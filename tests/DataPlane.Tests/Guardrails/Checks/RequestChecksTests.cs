using Contracts.Guardrails;
using static DataPlane.Tests.Guardrails.Checks.CheckRunner;

namespace DataPlane.Tests.Guardrails.Checks;

/// <summary>jsonSchema, modelWhitelist, requiredMetadataKeys.</summary>
public sealed class RequestChecksTests
{
    private const string Schema = """
        { "schema": { "type": "object", "required": ["name", "age"],
                      "properties": { "name": { "type": "string" }, "age": { "type": "integer", "minimum": 0 } } } }
        """;

    [Theory]
    [InlineData("{}", """{"a": 1}""", true)]
    [InlineData("{}", "[1, 2]", true)]
    [InlineData("{}", "  42 ", true)]
    [InlineData("{}", "not json", false)]
    [InlineData("{}", """{"a": 1""", false)]
    [InlineData("{}", "", false)]
    [InlineData("{}", "Here you go:\n```json\n{\"a\": [1]}\n```\nAnything else?", true)]
    [InlineData("{}", "```\n{\"a\": 1}\n```", true)]
    [InlineData("{}", "```json\n{\"a\": \n```", false)]
    [InlineData(Schema, """{"name": "Ann", "age": 31}""", true)]
    [InlineData(Schema, "```json\n{\"name\": \"Ann\", \"age\": 31}\n```", true)]
    [InlineData(Schema, """{"name": "Ann"}""", false)]
    [InlineData(Schema, """{"name": "Ann", "age": -1}""", false)]
    [InlineData(Schema, """{"name": 7, "age": 1}""", false)]
    [InlineData(Schema, "[]", false)]
    [InlineData("""{ "schema": true }""", "1", true)]
    [InlineData("""{ "schema": false }""", "1", false)]
    public async Task JsonSchema_ParsesAndValidates(string parameters, string text, bool verdict) =>
        Assert.Equal(verdict, (await RunAsync(GuardrailChecks.JsonSchema, parameters, text)).Verdict);

    [Fact]
    public async Task JsonSchema_JoinsTextsWithNewline()
    {
        Assert.True((await RunAsync(GuardrailChecks.JsonSchema, "{}", "{\"a\":", "1}")).Verdict);
    }

    [Fact]
    public async Task JsonSchema_Explanation_NamesLocationsAndKeywords_NotValues()
    {
        var outcome = await RunAsync(GuardrailChecks.JsonSchema, Schema, """{"name": "SecretName", "age": "old"}""");
        Assert.False(outcome.Verdict);
        Assert.Contains("/age (type)", outcome.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretName", outcome.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("old", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonSchema_SameIdInTwoChecks_BothCompile()
    {
        const string WithId = """{ "schema": { "$id": "https://example.com/s", "type": "object" } }""";
        Compile(GuardrailChecks.JsonSchema, WithId);
        Compile(GuardrailChecks.JsonSchema, WithId);
    }

    [Fact]
    public void JsonSchema_UnusableSchema_ThrowsNamingSchema()
    {
        var e = Assert.Throws<ArgumentException>(() => Compile(GuardrailChecks.JsonSchema, """{ "schema": { "type": 12 } }"""));
        Assert.Equal("schema", e.ParamName);
    }

    [Theory]
    [InlineData("gpt-4o", true)]
    [InlineData("gpt-4o-mini", true)]
    [InlineData("GPT-4o", false)]
    [InlineData("gpt-4", false)]
    [InlineData("@openai-prod/gpt-4o", true)]
    [InlineData("@openai-prod/o1", false)]
    public async Task ModelWhitelist_AllowsListedModels(string model, bool verdict)
    {
        var check = Compile(GuardrailChecks.ModelWhitelist, """{ "models": ["gpt-4o", "gpt-4o-mini"] }""");
        Assert.Equal(verdict, (await RunAsync(check, Input(["hi"], model: model))).Verdict);
    }

    [Fact]
    public async Task ModelWhitelist_Not_BlocksListedModels()
    {
        var check = Compile(GuardrailChecks.ModelWhitelist, """{ "models": ["gpt-4o"], "not": true }""");
        Assert.False((await RunAsync(check, Input(["hi"], model: "gpt-4o"))).Verdict);
        Assert.True((await RunAsync(check, Input(["hi"], model: "o1"))).Verdict);
    }

    [Theory]
    [InlineData(new[] { "team", "env" }, true, null)]
    [InlineData(new[] { "team" }, false, "missing metadata keys: env")]
    [InlineData(new string[0], false, "missing metadata keys: team, env")]
    [InlineData(new[] { "Team", "env" }, false, "missing metadata keys: team")]
    public async Task RequiredMetadataKeys_NeedsEveryKey(string[] present, bool verdict, string? explanation)
    {
        var check = Compile(GuardrailChecks.RequiredMetadataKeys, """{ "metadataKeys": ["team", "env"] }""");
        var metadata = present.ToDictionary(k => k, _ => "v");
        var outcome = await RunAsync(check, Input(["hi"], metadata: metadata));
        Assert.Equal(verdict, outcome.Verdict);
        if (explanation is not null)
        {
            Assert.Equal(explanation, outcome.Explanation);
        }
    }
}
