using Contracts.Pricing;

namespace Contracts.Tests;

public sealed class PriceCostTests
{
    private static readonly ModelPrice Gpt4o = new(2.50m, 10.00m, 1.25m);

    [Fact]
    public void CachedPromptTokens_AreBilledAtTheCachedPrice_TheRestAtInput()
    {
        // 600 uncached × $2.50 + 400 cached × $1.25 + 500 completion × $10, per million.
        Assert.Equal(0.007m, PriceCatalog.Cost(Gpt4o, promptTokens: 1000, completionTokens: 500, cachedTokens: 400));
    }

    [Fact]
    public void Cost_IsExactInDecimal_ForSingleTokens()
    {
        var price = new ModelPrice(0.0375m, 0.15m, 0.01m);
        Assert.Equal(0.0000000375m + 0.00000015m + 0.00000001m, PriceCatalog.Cost(price, 2, 1, 1));
        Assert.Equal(0.00000019750m, PriceCatalog.Cost(price, 2, 1, 1));
    }

    [Fact]
    public void WithoutACachedPrice_CachedTokensAreBilledAsInput() =>
        Assert.Equal(PriceCatalog.Cost(new ModelPrice(5m, 15m), 1000, 0, 0), PriceCatalog.Cost(new ModelPrice(5m, 15m), 1000, 0, 1000));

    [Fact]
    public void CachedTokensBeyondThePrompt_AreCappedAtThePrompt() =>
        Assert.Equal(PriceCatalog.Cost(Gpt4o, 100, 0, 100), PriceCatalog.Cost(Gpt4o, 100, 0, 500));

    [Fact]
    public void NegativeCounts_CostNothing() =>
        Assert.Equal(0m, PriceCatalog.Cost(Gpt4o, -5, -5, -5));

    [Fact]
    public void LargeCounts_DoNotOverflow() =>
        Assert.Equal(int.MaxValue * 12.5m / 1_000_000m, PriceCatalog.Cost(Gpt4o, int.MaxValue, int.MaxValue, 0));

    [Fact]
    public void CostOf_UsesTheMatchedPrice()
    {
        var cost = PriceCatalog.BuiltIn.CostOf("anthropic", "claude-3-5-haiku-20241022", 2_000_000, 1_000_000, 1_000_000);
        // 1M uncached × $0.80 + 1M cached × $0.08 + 1M output × $4.
        Assert.Equal(new UsageCost(4.88m, PriceKnown: true), cost);
    }
}
