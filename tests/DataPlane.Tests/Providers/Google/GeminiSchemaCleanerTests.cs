using System.Text;
using System.Text.Json;
using DataPlane.Providers.Google;

namespace DataPlane.Tests.Providers.Google;

public sealed class GeminiSchemaCleanerTests
{
    private static string Clean(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            GeminiSchemaCleaner.Write(writer, document.RootElement);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void KeysGeminiRejects_AreDropped_AndTheRestKept()
    {
        Assert.Equal(
            """{"type":"object","description":"A person","properties":{"name":{"type":"string","maxLength":40},"email":{"type":"string"},"born":{"type":"string","format":"date-time"},"tags":{"type":"array","items":{"type":"string"},"minItems":1}},"required":["name"]}""",
            Clean("""
                {"$schema":"http://json-schema.org/draft-07/schema#","$id":"urn:person","type":"object","description":"A person","additionalProperties":false,
                 "properties":{"name":{"type":"string","maxLength":40,"default":"x","examples":["Ann"]},"email":{"type":"string","format":"email"},
                   "born":{"type":"string","format":"date-time"},"tags":{"type":"array","items":{"type":"string"},"minItems":1,"uniqueItems":true}},
                 "required":["name"],"strict":true,"patternProperties":{"^x":{}}}
                """));
    }

    [Fact]
    public void NullUnions_BecomeNullable()
    {
        Assert.Equal(
            """{"type":"object","properties":{"a":{"type":"integer","nullable":true},"b":{"anyOf":[{"type":"string"}],"nullable":true},"c":{"nullable":true}}}""",
            Clean("""{"type":"object","properties":{"a":{"type":["integer","null"]},"b":{"anyOf":[{"type":"string"},{"type":"null"}]},"c":{"type":"null"}}}"""));
    }

    [Fact]
    public void ConstOneOfAndNonStringEnums_AreTranslatedOrDropped()
    {
        Assert.Equal(
            """{"type":"object","properties":{"kind":{"type":"string","enum":["fixed"]},"level":{"type":"integer"},"either":{"anyOf":[{"type":"string"},{"type":"number"}]}}}""",
            Clean("""{"type":"object","properties":{"kind":{"type":"string","const":"fixed"},"level":{"type":"integer","enum":[1,2,3]},"either":{"oneOf":[{"type":"string"},{"type":"number"}]}}}"""));
    }

    [Fact]
    public void LocalRefs_AreInlined_AndRecursionIsCutOff()
    {
        var cleaned = Clean("""
            {"type":"object","properties":{"home":{"$ref":"#/$defs/address"},"node":{"$ref":"#/definitions/node"}},
             "$defs":{"address":{"type":"object","properties":{"city":{"type":"string"}}}},
             "definitions":{"node":{"type":"object","properties":{"next":{"$ref":"#/definitions/node"}}}}}
            """);

        var root = JsonDocument.Parse(cleaned).RootElement;
        Assert.False(root.TryGetProperty("$defs", out _));
        Assert.False(root.TryGetProperty("definitions", out _));
        Assert.Equal("""{"type":"object","properties":{"city":{"type":"string"}}}""", root.GetProperty("properties").GetProperty("home").GetRawText());
        Assert.DoesNotContain("$ref", cleaned);
        Assert.Equal("object", root.GetProperty("properties").GetProperty("node").GetProperty("properties").GetProperty("next").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}}}""", true)]
    [InlineData("""{"type":"object","properties":{}}""", false)]
    [InlineData("""{"type":"object"}""", false)]
    [InlineData("""{}""", false)]
    [InlineData("""null""", false)]
    public void HasParameters_IsFalseForSchemasThatDeclareNothing(string parameters, bool expected)
    {
        using var document = JsonDocument.Parse(parameters);
        Assert.Equal(expected, GeminiSchemaCleaner.HasParameters(document.RootElement));
    }
}
