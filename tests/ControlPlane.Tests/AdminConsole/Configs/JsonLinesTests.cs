using ControlPlane.AdminConsole.Pages.Configs;

namespace ControlPlane.Tests.AdminConsole.Configs;

public sealed class JsonLinesTests
{
    private const string Config = """
        {
          "strategy": { "mode": "loadbalance" },
          "targets": [
            { "provider": "@a", "weight": 1 },
            {
              "provider": "@b",
              "weight": -2
            }
          ],
          "metadata": { "team.name": "x" }
        }
        """;

    [Theory]
    [InlineData("config", 1)]
    [InlineData("config.strategy", 2)]
    [InlineData("config.strategy.mode", 2)]
    [InlineData("config.targets", 3)]
    [InlineData("config.targets[0]", 4)]
    [InlineData("config.targets[0].weight", 4)]
    [InlineData("config.targets[1]", 5)]
    [InlineData("config.targets[1].weight", 7)]
    [InlineData("config.metadata.team.name", 10)]
    [InlineData("config.metadata[\"team.name\"]", 10)]
    public void Map_FindsTheLineOfEachPath(string path, int line)
    {
        var map = JsonLines.Map(Config, "config");

        Assert.Equal(line, JsonLines.LineOf(map, path));
    }

    [Fact]
    public void LineOf_MissingField_PointsAtItsObject()
    {
        var map = JsonLines.Map(Config, "config");

        Assert.Equal(6, JsonLines.LineOf(map, "config.targets[1].provider"));
        Assert.Equal(5, JsonLines.LineOf(map, "config.targets[1].retry.attempts"));
        Assert.Equal(1, JsonLines.LineOf(map, "config.cache"));
    }

    [Fact]
    public void Map_GuardrailPaths_UseBracketsForCheckIds()
    {
        var text = "{\n  \"default.contains\": {\n    \"words\": [\"a\", \"b\"],\n    \"operator\": \"sometimes\"\n  },\n  \"deny\": true\n}";
        var map = JsonLines.Map(text, "guardrail");

        Assert.Equal(4, JsonLines.LineOf(map, "guardrail[\"default.contains\"].operator"));
        Assert.Equal(3, JsonLines.LineOf(map, "guardrail[\"default.contains\"].words[1]"));
        Assert.Equal(6, JsonLines.LineOf(map, "guardrail.deny"));
    }

    [Fact]
    public void Map_ArraysOfArrays_CountIndexesPerArray()
    {
        var map = JsonLines.Map("[\n  [1,\n   2],\n  [3]\n]", "x");

        Assert.Equal(3, JsonLines.LineOf(map, "x[0][1]"));
        Assert.Equal(4, JsonLines.LineOf(map, "x[1][0]"));
        Assert.Equal(4, JsonLines.LineOf(map, "x[1]"));
    }

    [Fact]
    public void Map_NotJson_IsEmpty()
    {
        Assert.Empty(JsonLines.Map("{ \"a\": ", "config"));
        Assert.Null(JsonLines.LineOf(JsonLines.Map("{ \"a\": ", "config"), "config.a"));
    }
}
