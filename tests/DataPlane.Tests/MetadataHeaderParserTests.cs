using DataPlane.Headers;

namespace DataPlane.Tests;

public sealed class MetadataHeaderParserTests
{
    private static readonly Dictionary<string, string> Defaults = new() { ["team"] = "core", ["env"] = "dev" };

    [Fact]
    public void NoHeader_ReturnsKeyDefaults()
    {
        var merged = MetadataHeaderParser.ParseAndMerge(null, Defaults, out var error);
        Assert.Null(error);
        Assert.Equal(Defaults, merged);
    }

    [Fact]
    public void Header_MergesOverDefaults_RequestWins()
    {
        var merged = MetadataHeaderParser.ParseAndMerge("{\"env\":\"prod\",\"_user\":\"alice\"}", Defaults, out var error);
        Assert.Null(error);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "core", ["env"] = "prod", ["_user"] = "alice" }, merged);
        Assert.Equal("dev", Defaults["env"]);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("\"a string\"")]
    [InlineData("[\"a\"]")]
    [InlineData("{\"n\": 1}")]
    [InlineData("{\"b\": true}")]
    [InlineData("{\"o\": {\"x\": \"y\"}}")]
    [InlineData("{\"z\": null}")]
    public void NotAnObjectOfStrings_Is400(string header)
    {
        Assert.Null(MetadataHeaderParser.ParseAndMerge(header, Defaults, out var error));
        Assert.Equal(400, error!.Status);
        Assert.Equal("x-portkey-metadata", error.Param);
    }
}
