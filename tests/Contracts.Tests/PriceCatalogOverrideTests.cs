using Contracts.Pricing;

namespace Contracts.Tests;

public sealed class PriceCatalogOverrideTests
{
    [Fact]
    public void Override_WinsOverTheBuiltInPrice_ForTheIdAndItsVariants()
    {
        var catalog = PriceCatalog.BuiltIn.WithOverrides([new ModelPriceEntry("openai", "gpt-4o", 1m, 2m, 0.5m)]);

        Assert.True(catalog.TryResolve("openai", "gpt-4o-2024-08-06", out var match));
        Assert.Equal((new ModelPrice(1m, 2m, 0.5m), PriceSource.Override), (match.Price, match.Source));
        Assert.True(catalog.TryGetPrice("openai", "gpt-4o", out var price));
        Assert.Equal(new ModelPrice(1m, 2m, 0.5m), price);
    }

    [Fact]
    public void Override_OfAFamily_LeavesLongerFamiliesAlone()
    {
        var catalog = PriceCatalog.BuiltIn.WithOverrides([new ModelPriceEntry("openai", "gpt-4o", 1m, 2m)]);
        Assert.True(catalog.TryGetPrice("openai", "gpt-4o-mini-2024-07-18", out var mini));
        Assert.Equal(new ModelPrice(0.15m, 0.60m, 0.075m), mini);
    }

    [Fact]
    public void Override_IsMatchedIgnoringCase_AndKeepsTheCatalogSpelling()
    {
        var catalog = PriceCatalog.BuiltIn.WithOverrides([new ModelPriceEntry("openai", "GPT-4O", 1m, 2m)]);
        var entry = Assert.Single(catalog.EntriesFor("openai"), e => e.Source == PriceSource.Override);
        Assert.Equal("gpt-4o", entry.Model);
    }

    [Fact]
    public void Override_PricesAModelTheCatalogDoesNotKnow()
    {
        var catalog = PriceCatalog.BuiltIn.WithOverrides([new ModelPriceEntry("openai-compatible", "my-vllm-model", 0.2m, 0.4m)]);

        Assert.Equal(new UsageCost(0.0006m, PriceKnown: true), catalog.CostOf("openai-compatible", "my-vllm-model", 1000, 1000, 0));
        Assert.Equal(["my-vllm-model"], catalog.ModelsFor("openai-compatible"));
        Assert.False(PriceCatalog.BuiltIn.TryGetPrice("openai-compatible", "my-vllm-model", out _));
    }

    [Fact]
    public void Override_OnAFreeKind_GivesThatModelAPrice()
    {
        var catalog = PriceCatalog.BuiltIn.WithOverrides([new ModelPriceEntry("mock", "priced-mock", 1m, 1m)]);
        Assert.Equal(new UsageCost(0.000002m, true), catalog.CostOf("mock", "priced-mock", 1, 1, 0));
        Assert.Equal(new UsageCost(0m, true), catalog.CostOf("mock", "other", 1, 1, 0));
    }

    [Fact]
    public void Override_OnOpenAi_ReachesAzureOpenAi_UnlessAzureHasItsOwn()
    {
        var openAiOnly = PriceCatalog.BuiltIn.WithOverrides([new ModelPriceEntry("openai", "gpt-4o", 1m, 2m)]);
        Assert.True(openAiOnly.TryGetPrice("azure-openai", "gpt-4o", out var inherited));
        Assert.Equal(new ModelPrice(1m, 2m), inherited);

        var both = PriceCatalog.BuiltIn.WithOverrides(
            [new ModelPriceEntry("openai", "gpt-4o", 1m, 2m), new ModelPriceEntry("azure-openai", "gpt-4o", 3m, 4m)]);
        Assert.True(both.TryGetPrice("azure-openai", "gpt-4o", out var own));
        Assert.Equal(new ModelPrice(3m, 4m), own);
    }

    [Fact]
    public void WithOverrides_ReplacesEarlierOverrides()
    {
        var first = PriceCatalog.BuiltIn.WithOverrides([new ModelPriceEntry("openai", "gpt-4o", 1m, 2m)]);
        var second = first.WithOverrides([]);
        Assert.True(second.TryGetPrice("openai", "gpt-4o", out var price));
        Assert.Equal(new ModelPrice(2.50m, 10.00m, 1.25m), price);
        Assert.Empty(second.Overrides);
    }

    [Fact]
    public void Overrides_DoNotChangeTheBuiltInCatalog()
    {
        _ = PriceCatalog.BuiltIn.WithOverrides([new ModelPriceEntry("openai", "gpt-4o", 1m, 2m)]);
        Assert.True(PriceCatalog.BuiltIn.TryGetPrice("openai", "gpt-4o", out var price));
        Assert.Equal(2.50m, price.InputPerMillion);
    }
}
