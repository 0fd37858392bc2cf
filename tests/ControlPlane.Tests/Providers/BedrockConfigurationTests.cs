using System.Text.Json;
using ControlPlane.Http;
using ControlPlane.Providers.Configurations;

namespace ControlPlane.Tests.Providers;

public sealed class BedrockConfigurationTests
{
    private static ValidationErrors Validate(string? json, bool hasKey = true)
    {
        var errors = new ValidationErrors();
        JsonElement? configurations = json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
        BedrockConfiguration.Validate(configurations, hasKey, errors);
        return errors;
    }

    [Fact]
    public void Validate_WithRegionAccessKeyAndKey_IsValid() =>
        Assert.True(Validate("""{"region":"us-east-1","access_key_id":"AKIAIOSFODNN7EXAMPLE"}""").IsEmpty);

    [Fact]
    public void Validate_WithSessionToken_IsValid() =>
        Assert.True(Validate("""{"region":"eu-west-3","access_key_id":"ASIAIOSFODNN7EXAMPLE","session_token":"FwoGZXIvYXdzEJr//token=="}""").IsEmpty);

    [Fact]
    public void Validate_WithoutConfigurations_NamesConfigurations() =>
        Assert.Equal(["configurations"], Validate(null).Fields);

    [Fact]
    public void Validate_WithoutKey_NamesKey() =>
        Assert.Equal(["key"], Validate("""{"region":"us-east-1","access_key_id":"AKIAIOSFODNN7EXAMPLE"}""", hasKey: false).Fields);

    [Fact]
    public void Validate_WithoutRegionAndAccessKey_NamesBoth() =>
        Assert.Equal(["configurations.access_key_id", "configurations.region"], Validate("{}").Fields.Order());

    [Theory]
    [InlineData("\"US-EAST-1\"")]
    [InlineData("\"us east 1\"")]
    [InlineData("\"-us-east-1\"")]
    [InlineData("42")]
    public void Validate_WithBadRegion_NamesRegion(string region) =>
        Assert.Equal(["configurations.region"], Validate($$"""{"region":{{region}},"access_key_id":"AKIAIOSFODNN7EXAMPLE"}""").Fields);

    [Theory]
    [InlineData("\"AKIA\"")]
    [InlineData("\"AKIA IOSFODNN7EXAMPLE\"")]
    [InlineData("true")]
    public void Validate_WithBadAccessKeyId_NamesAccessKeyId(string accessKeyId) =>
        Assert.Equal(["configurations.access_key_id"], Validate($$"""{"region":"us-east-1","access_key_id":{{accessKeyId}}}""").Fields);

    [Theory]
    [InlineData("\"\"")]
    [InlineData("12")]
    public void Validate_WithBadSessionToken_NamesSessionToken(string token) =>
        Assert.Equal(["configurations.session_token"],
            Validate($$"""{"region":"us-east-1","access_key_id":"AKIAIOSFODNN7EXAMPLE","session_token":{{token}}}""").Fields);

    [Fact]
    public void Validate_MessagesNeverEchoTheValues()
    {
        var errors = Validate("""{"region":"NOT A REGION","access_key_id":"secret-ish-value","session_token":""}""");
        var messages = string.Join(" ", errors.ToDictionary().Values.SelectMany(m => m));
        Assert.DoesNotContain("NOT A REGION", messages);
        Assert.DoesNotContain("secret-ish-value", messages);
    }
}
