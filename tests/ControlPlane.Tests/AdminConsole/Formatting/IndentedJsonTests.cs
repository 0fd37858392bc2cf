using System.Text.Json;
using ControlPlane.AdminConsole.Formatting;

namespace ControlPlane.Tests.AdminConsole.Formatting;

public sealed class IndentedJsonTests
{
    [Fact]
    public void Format_KeepsKeyOrderAndIndentsByTwoSpaces()
    {
        var element = JsonSerializer.Deserialize<JsonElement>("""{"z":1,"a":{"b":[1,2]}}""");

        Assert.Equal("{\n  \"z\": 1,\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ]\n  }\n}", IndentedJson.Format(element));
    }

    [Fact]
    public void Format_SameJsonWrittenDifferently_PrintsTheSameText()
    {
        var compact = JsonSerializer.Deserialize<JsonElement>("""{"provider":"@a","weight":0.5}""");
        var spaced = JsonSerializer.Deserialize<JsonElement>("{\r\n\t\"provider\" :  \"@a\",\r\n   \"weight\": 0.5 }");

        Assert.Equal(IndentedJson.Format(compact), IndentedJson.Format(spaced));
    }

    [Fact]
    public void Format_LeavesNonAsciiAndMarkupReadable()
    {
        var element = JsonSerializer.Deserialize<JsonElement>("""{"name":"café <b>"}""");

        Assert.Equal("{\n  \"name\": \"café <b>\"\n}", IndentedJson.Format(element));
    }
}
