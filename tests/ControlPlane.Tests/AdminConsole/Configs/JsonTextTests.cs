using System.Text.Json;
using ControlPlane.AdminConsole.Pages.Configs;

namespace ControlPlane.Tests.AdminConsole.Configs;

public sealed class JsonTextTests
{
    [Fact]
    public void Parse_ValidObject_ReturnsItWithNoError()
    {
        var (value, error) = JsonText.Parse("""{ "strategy": { "mode": "single" } }""");

        Assert.Null(error);
        Assert.Equal("single", value!.Value.GetProperty("strategy").GetProperty("mode").GetString());
    }

    [Fact]
    public void Parse_MissingColon_ReportsOneBasedLineAndColumn()
    {
        var (value, error) = JsonText.Parse("{\n  \"strategy\" { \"mode\": \"single\" }\n}");

        Assert.Null(value);
        Assert.Equal(2, error!.Line);
        Assert.Equal(14, error.Column);
        Assert.DoesNotContain("LineNumber", error.Reason);
        Assert.DoesNotContain("BytePositionInLine", error.Reason);
    }

    [Fact]
    public void Parse_TrailingComma_IsAnErrorAsTheApiWouldSay()
    {
        var (_, error) = JsonText.Parse("{\n  \"a\": 1,\n}");

        Assert.NotNull(error);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_ColumnCountsCharactersNotUtf8Bytes()
    {
        // "é" is two bytes in UTF-8: the parser stops at byte 10 (the space after "tru"), the 10th character is column 10, not 11.
        var (_, error) = JsonText.Parse("{\"é\": tru }");

        Assert.NotNull(error);
        Assert.Equal(1, error.Line);
        Assert.Equal(10, error.Column);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData(null)]
    public void Parse_Empty_SaysTheEditorIsEmpty(string? text)
    {
        var (value, error) = JsonText.Parse(text);

        Assert.Null(value);
        Assert.Equal(new JsonSyntaxError(1, 1, "the editor is empty: write a JSON object"), error);
    }
}
