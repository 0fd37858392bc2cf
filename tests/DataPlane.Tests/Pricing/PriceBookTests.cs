using Contracts.Pricing;
using Contracts.Security;
using DataPlane.Pricing;
using DataPlane.Providers;
using DataPlane.Snapshots;

namespace DataPlane.Tests.Pricing;

public sealed class PriceBookTests
{
    [Fact]
    public void SnapshotWithoutOverrides_UsesTheSharedBuiltInBook() =>
        Assert.Same(PriceBook.BuiltIn, RuntimeSnapshot.Build(TestSnapshot.Build(), new SecretProtector(TestSnapshot.SecretKey)).Prices);

    [Fact]
    public void SnapshotOverrides_WinOverBuiltInPrices()
    {
        var snapshot = TestSnapshot.Build() with { Prices = [new ModelPriceEntry("openai", "gpt-4o-mini", 1m, 2m, 0.5m)] };
        var book = RuntimeSnapshot.Build(snapshot, new SecretProtector(TestSnapshot.SecretKey)).Prices;

        // 1,000 prompt (400 cached) and 1,000 completion tokens: 600 × $1 + 400 × $0.5 + 1,000 × $2, per million.
        Assert.Equal(new UsageCost(0.0028m, PriceKnown: true), book.CostOf("openai", "gpt-4o-mini-2024-07-18", new UsageReport(1000, 1000, 400, 0, null)));
    }

    [Fact]
    public void SnapshotOverrides_AddModelsToTheKindsList()
    {
        var snapshot = TestSnapshot.Build() with { Prices = [new ModelPriceEntry("openai-compatible", "my-model", 1m, 1m)] };
        var book = PriceBook.From(snapshot);
        Assert.Equal(["my-model"], book.ModelsFor("openai-compatible"));
        Assert.Empty(PriceBook.BuiltIn.ModelsFor("openai-compatible"));
    }

    [Fact]
    public void ModelsFor_ListsTheCatalogsModelsForAKind() =>
        Assert.Contains("gpt-4o-mini", PriceBook.BuiltIn.ModelsFor("openai"));
}
