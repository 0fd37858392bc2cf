using Contracts.Pricing;

namespace Contracts.Tests;

public sealed class PriceCatalogMatchingTests
{
    private static readonly PriceCatalog Catalog = PriceCatalog.BuiltIn;

    private static ModelPrice Price(string kind, string model)
    {
        Assert.True(Catalog.TryGetPrice(kind, model, out var price), $"{kind}/{model} should have a price");
        return price;
    }

    private static string Family(string kind, string model)
    {
        Assert.True(Catalog.TryResolve(kind, model, out var match), $"{kind}/{model} should have a price");
        return match.Model;
    }

    [Fact]
    public void ExactId_HasItsListPrice()
    {
        Assert.Equal(new ModelPrice(2.50m, 10.00m, 1.25m), Price("openai", "gpt-4o"));
        Assert.Equal(new ModelPrice(0.15m, 0.60m, 0.075m), Price("openai", "gpt-4o-mini"));
        Assert.Equal(new ModelPrice(3.00m, 15.00m, 0.30m), Price("anthropic", "claude-sonnet-4-5"));
    }

    [Theory]
    [InlineData("openai", "gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("openai", "gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("openai", "gpt-4.1-mini-2025-04-14", "gpt-4.1-mini")]
    [InlineData("openai", "o1-mini-2024-09-12", "o1-mini")]
    [InlineData("openai", "o3-mini-2025-01-31", "o3-mini")]
    [InlineData("anthropic", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
    [InlineData("anthropic", "claude-3-5-sonnet-latest", "claude-3-5-sonnet")]
    [InlineData("anthropic", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("anthropic", "claude-sonnet-4-20250514", "claude-sonnet-4")]
    [InlineData("anthropic", "claude-opus-4-1-20250805", "claude-opus-4-1")]
    [InlineData("google", "models/gemini-1.5-pro-002", "gemini-1.5-pro")]
    [InlineData("google", "gemini-2.0-flash-lite-001", "gemini-2.0-flash-lite")]
    [InlineData("google", "gemini-2.5-flash-preview-05-20", "gemini-2.5-flash")]
    [InlineData("vertex-ai", "claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet")]
    [InlineData("vertex-ai", "claude-3-7-sonnet@20250219", "claude-3-7-sonnet")]
    [InlineData("bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic.claude-3-5-sonnet")]
    [InlineData("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic.claude-3-7-sonnet")]
    [InlineData("bedrock", "amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v2")]
    [InlineData("mistral-ai", "mistral-large-2411", "mistral-large")]
    [InlineData("mistral-ai", "mistral-small-latest", "mistral-small")]
    [InlineData("perplexity-ai", "sonar-reasoning-pro", "sonar-reasoning-pro")]
    public void DatedOrSuffixedVariant_MatchesTheLongestKnownFamily(string kind, string model, string family) =>
        Assert.Equal(family, Family(kind, model));

    [Fact]
    public void ExactDatedEntry_BeatsItsFamily()
    {
        // The first gpt-4o snapshot kept its launch price.
        Assert.Equal(new ModelPrice(5.00m, 15.00m), Price("openai", "gpt-4o-2024-05-13"));
        Assert.Equal(new ModelPrice(2.50m, 10.00m, 1.25m), Price("openai", "gpt-4o-2024-11-20"));
    }

    [Theory]
    [InlineData("gpt-4ox")]          // no boundary after gpt-4o
    [InlineData("gpt-4.7")]          // '.' is not a boundary: not gpt-4
    [InlineData("gpt")]
    [InlineData("ft:gpt-4o-mini-2024-07-18:acme::abc123")] // fine-tunes have their own prices
    [InlineData("my-own-model")]
    [InlineData("")]
    public void UnknownModel_HasNoPrice(string model)
    {
        Assert.False(Catalog.TryGetPrice("openai", model, out _));
        Assert.Equal(new UsageCost(0m, PriceKnown: false), Catalog.CostOf("openai", model, 100, 100, 0));
    }

    [Theory]
    [InlineData("no-such-kind")]
    [InlineData("openai-compatible")]
    [InlineData(null)]
    public void KindWithoutPrices_IsUnknown(string? kind)
    {
        Assert.False(Catalog.TryGetPrice(kind, "gpt-4o", out _));
        Assert.False(Catalog.CostOf(kind, "gpt-4o", 10, 10, 0).PriceKnown);
    }

    [Fact]
    public void MatchingIgnoresCase() =>
        Assert.Equal("meta-llama/Llama-3.3-70B-Instruct-Turbo", Family("together-ai", "META-LLAMA/llama-3.3-70b-instruct-turbo"));

    [Theory]
    [InlineData("mock", "gpt-4o-mini")]
    [InlineData("mock", "anything-at-all")]
    [InlineData("ollama", "llama3.2")]
    public void FreeKinds_HaveAKnownPriceOfZero(string kind, string model) =>
        Assert.Equal(new UsageCost(0m, PriceKnown: true), Catalog.CostOf(kind, model, 1000, 1000, 10));

    [Fact]
    public void AzureOpenAi_ReusesOpenAiPrices_AndHasItsOwnNames()
    {
        Assert.Equal(Price("openai", "gpt-4o"), Price("azure-openai", "gpt-4o"));
        Assert.Equal(new ModelPrice(0.50m, 1.50m), Price("azure-openai", "gpt-35-turbo-0125"));
        Assert.True(Catalog.TryResolve("azure-openai", "gpt-4o", out var match));
        Assert.Equal("azure-openai", match.AiProvider);
    }

    [Fact]
    public void VertexAi_ReusesGeminiPrices() =>
        Assert.Equal(Price("google", "gemini-2.5-pro"), Price("vertex-ai", "gemini-2.5-pro"));

    [Theory]
    [InlineData("openai", "text-embedding-3-small", 0.02)]
    [InlineData("openai", "text-embedding-3-large", 0.13)]
    [InlineData("openai", "text-embedding-ada-002", 0.10)]
    public void Embeddings_ArePricedOnInputOnly(string kind, string model, decimal input) =>
        Assert.Equal(new ModelPrice(input, 0m), Price(kind, model));

    [Theory]
    [InlineData("openai", "gpt-4o")]
    [InlineData("openai", "gpt-4.1")]
    [InlineData("openai", "o4-mini")]
    [InlineData("anthropic", "claude-3-5-sonnet-latest")]
    [InlineData("anthropic", "claude-sonnet-4-5")]
    [InlineData("google", "gemini-2.0-flash")]
    [InlineData("mistral-ai", "mistral-large-latest")]
    [InlineData("bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0")]
    [InlineData("azure-openai", "gpt-4o-mini")]
    public void ModelsFor_ListsCallableIds(string kind, string model) =>
        Assert.Contains(model, Catalog.ModelsFor(kind));

    [Fact]
    public void ModelsFor_LeavesOutFamilyIdsThatAreNotCallable()
    {
        Assert.DoesNotContain("claude-3-5-sonnet", Catalog.ModelsFor("anthropic"));
        Assert.DoesNotContain("mistral-large", Catalog.ModelsFor("mistral-ai"));
    }

    [Fact]
    public void ModelsFor_UnknownOrFreeKind_IsEmpty()
    {
        Assert.Empty(Catalog.ModelsFor("no-such-kind"));
        Assert.Empty(Catalog.ModelsFor("mock"));
    }

    [Fact]
    public void EveryKindTheGatewayKnows_HasPricesForItsMainModels()
    {
        foreach (var kind in (string[])["openai", "azure-openai", "anthropic", "google", "vertex-ai", "bedrock", "mistral-ai", "groq",
                     "deepseek", "together-ai", "fireworks-ai", "openrouter", "perplexity-ai"])
        {
            Assert.True(Catalog.EntriesFor(kind).Count >= 2, kind);
        }
    }

    [Fact]
    public void EveryListedModel_IsPricedByTheEntryThatListsIt()
    {
        var file = PriceFileReader.ReadEmbedded();
        Assert.Equal("2025-11", file.AsOf);
        foreach (var (kind, builtIn) in file.Kinds)
        {
            foreach (var model in builtIn.Models)
            {
                foreach (var callable in model.CallableIds)
                {
                    Assert.True(Catalog.TryResolve(kind, callable, out var match), $"{kind}/{callable}");
                    Assert.Equal(model.Id, match.Model);
                }
            }
        }
    }
}
