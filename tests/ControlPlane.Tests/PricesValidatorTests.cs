using ControlPlane.Prices;

namespace ControlPlane.Tests;

public sealed class PricesValidatorTests
{
    private static ModelPriceRequest Valid() => new() { InputPerMillion = 2.5m, OutputPerMillion = 10m, CachedInputPerMillion = 1.25m };

    [Fact]
    public void CompleteBody_IsValid() =>
        Assert.True(ModelPriceValidator.Validate("openai", "gpt-4o", Valid()).IsEmpty);

    [Fact]
    public void ModelWithSlashes_AndNoCachedPrice_IsValid() =>
        Assert.True(ModelPriceValidator.Validate("together-ai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", Valid() with { CachedInputPerMillion = null }).IsEmpty);

    [Fact]
    public void ZeroPrices_AreValid() =>
        Assert.True(ModelPriceValidator.Validate("openai-compatible", "free-model", new() { InputPerMillion = 0m, OutputPerMillion = 0m }).IsEmpty);

    [Fact]
    public void EmptyBody_NamesInputAndOutput()
    {
        var errors = ModelPriceValidator.Validate("openai", "gpt-4o", new ModelPriceRequest());
        Assert.Equal(["input_per_million", "output_per_million"], errors.Fields.Order());
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1_000_000.01)]
    public void PriceOutOfRange_NamesTheField(double price)
    {
        var errors = ModelPriceValidator.Validate("openai", "gpt-4o", Valid() with { CachedInputPerMillion = (decimal)price });
        Assert.Equal(["cached_input_per_million"], errors.Fields);
    }

    [Fact]
    public void NegativeInput_NamesInput()
    {
        var errors = ModelPriceValidator.Validate("openai", "gpt-4o", Valid() with { InputPerMillion = -1m });
        Assert.Equal(["input_per_million"], errors.Fields);
    }

    [Fact]
    public void MoreDecimalsThanStored_NamesTheField()
    {
        var errors = ModelPriceValidator.Validate("openai", "gpt-4o", Valid() with { OutputPerMillion = 0.00000000001m });
        Assert.Equal(["output_per_million"], errors.Fields);
    }

    [Theory]
    [InlineData("openai2")]
    [InlineData("OpenAI")]
    [InlineData("")]
    public void UnknownAiProvider_NamesAiProvider(string aiProvider)
    {
        var errors = ModelPriceValidator.Validate(aiProvider, "gpt-4o", Valid());
        Assert.Equal(["ai_provider"], errors.Fields);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" gpt-4o")]
    [InlineData("gpt\n4o")]
    public void MissingOrMalformedModel_NamesModel(string? model)
    {
        var errors = ModelPriceValidator.Validate("openai", model, Valid());
        Assert.Equal(["model"], errors.Fields);
    }

    [Fact]
    public void TooLongModel_NamesModel() =>
        Assert.Equal(["model"], ModelPriceValidator.Validate("openai", new string('m', 201), Valid()).Fields);

    [Fact]
    public void Filters_AreOptional_ButAnUnknownAiProviderIsNamed()
    {
        Assert.True(ModelPriceValidator.ValidateFilters(null, null).IsEmpty);
        Assert.Equal(["ai_provider"], ModelPriceValidator.ValidateFilters("nope", null).Fields);
    }
}
