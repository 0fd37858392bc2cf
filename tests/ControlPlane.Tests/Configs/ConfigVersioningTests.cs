using System.Text.Json;
using ControlPlane.Configs;

namespace ControlPlane.Tests.Configs;

public sealed class ConfigVersioningTests
{
    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    [Fact]
    public void IsChange_SameJsonDifferentKeyOrderAndSpacing_IsNoChange() =>
        Assert.False(ConfigVersioning.IsChange("""{"retry":{"attempts":2},"provider":"@mock"}""", Json("""{ "provider": "@mock",  "retry": { "attempts": 2 } }""")));

    [Theory]
    [InlineData("""{"provider":"@openai"}""")]
    [InlineData("""{"provider":"@mock","retry":{"attempts":2}}""")]
    [InlineData("""{}""")]
    public void IsChange_DifferentContent_IsChange(string requested) =>
        Assert.True(ConfigVersioning.IsChange("""{"provider":"@mock"}""", Json(requested)));

    [Fact]
    public void IsChange_ReorderedTargets_IsChange() =>
        Assert.True(ConfigVersioning.IsChange("""{"targets":[{"provider":"a"},{"provider":"b"}]}""", Json("""{"targets":[{"provider":"b"},{"provider":"a"}]}""")));

    [Fact]
    public void Next_CountsUpByOne()
    {
        Assert.Equal(2, ConfigVersioning.Next(1));
        Assert.Throws<OverflowException>(() => ConfigVersioning.Next(int.MaxValue));
    }
}
