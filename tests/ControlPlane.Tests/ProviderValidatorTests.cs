using System.Text.Json;
using ControlPlane.Catalog;
using ControlPlane.Limits;
using ControlPlane.Providers;

namespace ControlPlane.Tests;

public sealed class ProviderValidatorTests
{
    private static ProviderRequest Valid() => new() { Name = "Mock", Slug = "mock-1", AiProvider = "mock" };

    [Fact]
    public void Create_WithRequiredFields_IsValid() =>
        Assert.True(ProviderValidator.Validate(Valid(), stored: null).IsEmpty);

    [Fact]
    public void Create_WithoutRequiredFields_NamesEachField()
    {
        var errors = ProviderValidator.Validate(new ProviderRequest(), stored: null);
        Assert.Equal(["ai_provider", "name", "slug"], errors.Fields.Order());
    }

    [Fact]
    public void Create_WithUnknownAiProvider_NamesAiProvider()
    {
        var errors = ProviderValidator.Validate(Valid() with { AiProvider = "openai2" }, stored: null);
        Assert.Equal(["ai_provider"], errors.Fields);
    }

    [Fact]
    public void Create_OpenAiCompatibleWithoutBaseUrl_NamesBaseUrl()
    {
        var errors = ProviderValidator.Validate(Valid() with { AiProvider = "openai-compatible" }, stored: null);
        Assert.Equal(["base_url"], errors.Fields);
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("example.com/v1")]
    [InlineData("/v1")]
    public void Create_WithNonHttpBaseUrl_NamesBaseUrl(string baseUrl)
    {
        var errors = ProviderValidator.Validate(Valid() with { BaseUrl = baseUrl }, stored: null);
        Assert.Equal(["base_url"], errors.Fields);
    }

    [Fact]
    public void Create_WithConfigurationsNotAnObject_NamesConfigurations()
    {
        var errors = ProviderValidator.Validate(Valid() with { Configurations = JsonDocument.Parse("[1]").RootElement }, stored: null);
        Assert.Equal(["configurations"], errors.Fields);
    }

    [Fact]
    public void Create_WithBadLimits_NamesNestedFields()
    {
        var request = Valid() with
        {
            UsageLimits = new UsageLimits { Type = "dollars", CreditLimit = 0, PeriodicReset = "daily" },
            RateLimits = [new RateLimit { Type = "requests", Unit = "rps", Value = 10 }],
        };
        var errors = ProviderValidator.Validate(request, stored: null);
        Assert.Equal(
            ["rate_limits[0].unit", "usage_limits.credit_limit", "usage_limits.periodic_reset", "usage_limits.type"],
            errors.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Update_WithNoFields_IsValid()
    {
        var stored = new Provider { Slug = "x", Name = "X", AiProvider = "openai-compatible", BaseUrl = "http://localhost:1" };
        Assert.True(ProviderValidator.Validate(new ProviderRequest(), stored).IsEmpty);
    }

    [Fact]
    public void Update_ToOpenAiCompatibleWithoutStoredBaseUrl_NamesBaseUrl()
    {
        var stored = new Provider { Slug = "x", Name = "X", AiProvider = "openai" };
        var errors = ProviderValidator.Validate(new ProviderRequest { AiProvider = "openai-compatible" }, stored);
        Assert.Equal(["base_url"], errors.Fields);
    }
}
