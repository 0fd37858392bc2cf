using DataPlane.Routing;

namespace DataPlane.Tests;

public sealed class ModelReferenceParserTests
{
    [Fact]
    public void SlugModel_WithSlashesInModel_SplitsAtFirstSlashAfterSlug()
    {
        var reference = ModelReferenceParser.Parse("@together-prod/meta-llama/Llama-3-8b", null, out var error);
        Assert.Null(error);
        Assert.Equal(new ModelReference("together-prod", "meta-llama/Llama-3-8b"), reference);
    }

    [Fact]
    public void SlugModel_WinsOverProviderHeader()
    {
        var reference = ModelReferenceParser.Parse("@openai-prod/gpt-4o", "@other", out _);
        Assert.Equal(new ModelReference("openai-prod", "gpt-4o"), reference);
    }

    [Theory]
    [InlineData("@mock")]
    [InlineData("@/gpt-4o")]
    [InlineData("@mock/")]
    public void MalformedSlugModel_Is400(string model)
    {
        Assert.Null(ModelReferenceParser.Parse(model, null, out var error));
        Assert.Equal(400, error!.Status);
    }

    [Theory]
    [InlineData("@openai-prod")]
    [InlineData("openai-prod")]
    [InlineData("  @openai-prod ")]
    public void PlainModel_WithProviderHeader_UsesHeaderSlug(string header)
    {
        var reference = ModelReferenceParser.Parse("meta-llama/Llama-3-8b", header, out var error);
        Assert.Null(error);
        Assert.Equal(new ModelReference("openai-prod", "meta-llama/Llama-3-8b"), reference);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@")]
    public void PlainModel_WithoutProvider_Is400SayingHowToNameOne(string? header)
    {
        Assert.Null(ModelReferenceParser.Parse("gpt-4o", header, out var error));
        Assert.Equal(400, error!.Status);
        Assert.Contains("@provider-slug/model-id", error.Message);
        Assert.Contains("x-portkey-provider", error.Message);
    }
}
