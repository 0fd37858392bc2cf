using System.Text.Json;
using Contracts.Json;
using Contracts.Pricing;
using ControlPlane.Catalog;
using ControlPlane.Prices;
using ControlPlane.Snapshots;

namespace ControlPlane.Tests;

public sealed class PricesSnapshotTests
{
    private static ModelPriceOverride Override(string kind, string model, decimal input, decimal output, decimal? cached = null) => new()
    {
        Id = Guid.NewGuid(), AiProvider = kind, Model = model, ModelKey = model.ToLowerInvariant(),
        InputPerMillion = input, OutputPerMillion = output, CachedInputPerMillion = cached,
    };

    [Fact]
    public void Build_CarriesPriceOverrides_InAStableOrder()
    {
        var snapshot = SnapshotBuilder.Build(1, DateTimeOffset.UnixEpoch, [], [], [],
            [Override("openai", "gpt-4o", 1m, 2m, 0.5m), Override("groq", "x", 0.1m, 0.2m), Override("openai", "a-model", 3m, 4m)]);

        Assert.Equal(
            [new ModelPriceEntry("groq", "x", 0.1m, 0.2m), new ModelPriceEntry("openai", "a-model", 3m, 4m), new ModelPriceEntry("openai", "gpt-4o", 1m, 2m, 0.5m)],
            snapshot.Prices);
    }

    [Fact]
    public void Build_WithoutOverrides_HasNone() =>
        Assert.Empty(SnapshotBuilder.Build(1, DateTimeOffset.UnixEpoch, [], [], []).Prices);

    [Fact]
    public void Response_SaysWhetherAPriceIsBuiltInOrAnOverride_InSnakeCase()
    {
        var catalog = PriceCatalog.BuiltIn.WithOverrides([Override("openai", "gpt-4o", 1m, 2m).ToEntry()]);
        Assert.True(catalog.TryResolve("openai", "gpt-4o-2024-08-06", out var overridden));
        Assert.True(catalog.TryResolve("openai", "gpt-4o-mini", out var builtIn));

        var json = JsonSerializer.Serialize(ModelPriceResponse.From(overridden), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        Assert.Equal("""{"ai_provider":"openai","model":"gpt-4o","input_per_million":1,"output_per_million":2,"cached_input_per_million":null,"source":"override"}""", json);
        Assert.Equal("built_in", ModelPriceResponse.From(builtIn).Source);
    }

    [Fact]
    public void SnapshotJson_CarriesPricesInSnakeCase()
    {
        var snapshot = SnapshotBuilder.Build(1, DateTimeOffset.UnixEpoch, [], [], [], [Override("openai", "gpt-4o", 1m, 2m)]);
        Assert.Contains("\"prices\":[{\"ai_provider\":\"openai\",\"model\":\"gpt-4o\",\"input_per_million\":1,\"output_per_million\":2}]",
            JsonSerializer.Serialize(snapshot, ContractJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_DropsTheColumnsTrailingZeros() =>
        Assert.Equal("2.1/8/0.5", string.Join('/', [.. Entry(Override("openai", "gpt-4o", 2.1000000000m, 8.0000000000m, 0.5000000000m))]));

    private static IEnumerable<string> Entry(ModelPriceOverride price)
    {
        var entry = price.ToEntry();
        yield return entry.InputPerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return entry.OutputPerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return entry.CachedInputPerMillion!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
