using Contracts.Pricing;

namespace Contracts.Tests;

public sealed class PriceFileReaderTests
{
    [Fact]
    public void Parse_ReadsPricesExactly_AndDefaultsCallableIdsToTheFamilyId()
    {
        var file = PriceFileReader.Parse("""
            {"as_of":"2025-01","free_kinds":["mock"],"kinds":{"x":{"inherits":["y"],"strip_prefixes":["p/"],
             "models":{"m":{"input":0.1,"output":0.30000001,"cached_input":0.05},"n":{"input":1,"output":2,"models":["n-latest"]}}}}}
            """);
        var kind = file.Kinds["x"];
        Assert.Equal(("2025-01", true), (file.AsOf, file.FreeKinds.Contains("mock")));
        Assert.Equal(["y"], kind.Inherits);
        Assert.Equal(["p/"], kind.StripPrefixes);
        Assert.Equal(new ModelPrice(0.1m, 0.30000001m, 0.05m), kind.Models[0].Price);
        Assert.Equal(["m"], kind.Models[0].CallableIds);
        Assert.Equal(["n-latest"], kind.Models[1].CallableIds);
    }

    [Theory]
    [InlineData("""{"kinds":{"x":{"models":{"m":{"output":1}}}}}""")]
    [InlineData("""{"kinds":{"x":{"models":{"m":{"input":-1,"output":1}}}}}""")]
    [InlineData("""{"kinds":{"x":{"models":{"m":{"input":"1","output":1}}}}}""")]
    public void Parse_RefusesAMissingOrNegativePrice_NamingTheModel(string json)
    {
        var error = Assert.Throws<InvalidDataException>(() => PriceFileReader.Parse(json));
        Assert.Contains("kinds.x.models.m", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DropsTrailingZeros_SoPricesPrintAsWritten()
    {
        var file = PriceFileReader.Parse("""{"kinds":{"x":{"models":{"m":{"input":0.60,"output":10.00}}}}}""");
        Assert.Equal("0.6/10", $"{file.Kinds["x"].Models[0].Price.InputPerMillion}/{file.Kinds["x"].Models[0].Price.OutputPerMillion}");
    }
}
