using System.Text.Json;
using ControlPlane.Providers;
using ControlPlane.Providers.Configurations;

namespace ControlPlane.Tests.Providers;

/// <summary>The kind-specific configuration rules are applied to provider requests, and write-only credentials are never shown.</summary>
public sealed class ProviderConfigurationsTests
{
    [Theory]
    [InlineData("bedrock", "configurations")]
    [InlineData("azure-openai", "configurations.resource_name")]
    [InlineData("vertex-ai", "configurations.region")]
    public void CloudKinds_WithoutTheirConfiguration_AreRefusedNamingTheField(string kind, string field)
    {
        var errors = ProviderValidator.Validate(
            new ProviderRequest { Name = "Cloud", Slug = "cloud", AiProvider = kind, Key = "a-secret-of-some-kind" }, stored: null);
        Assert.Contains(field, errors.Fields);
    }

    [Fact]
    public void OtherKinds_HaveNoConfigurationRules()
    {
        var errors = ProviderValidator.Validate(new ProviderRequest { Name = "Open", Slug = "open", AiProvider = "openai", Key = "sk-x" }, stored: null);
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void ForDisplay_DropsTheSessionToken_AndSaysThereIsOne()
    {
        var shown = ProviderConfigurations.ForDisplay("""{"region":"us-east-1","access_key_id":"AKIAEXAMPLE","session_token":"FwoGZXIvYXdzEXAMPLE"}""")!.Value;
        Assert.DoesNotContain("FwoGZXIvYXdzEXAMPLE", shown.GetRawText());
        Assert.True(shown.GetProperty("has_session_token").GetBoolean());
        Assert.Equal("us-east-1", shown.GetProperty("region").GetString());
        Assert.Null(ProviderConfigurations.ForDisplay(null));
        Assert.Equal(JsonValueKind.Object, ProviderConfigurations.ForDisplay("""{"deployment_id":"gpt4o"}""")!.Value.ValueKind);
    }

    [Fact]
    public void ForStorage_EncryptsTheSessionToken_AndForDisplayStillSaysThereIsOne()
    {
        var protector = new Contracts.Security.SecretProtector(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var written = JsonDocument.Parse("""{"region":"us-east-1","access_key_id":"AKIAEXAMPLE","session_token":"FwoGZXIvYXdzEXAMPLE"}""").RootElement;

        var stored = ProviderConfigurations.ForStorage(written, protector);

        Assert.DoesNotContain("FwoGZXIvYXdzEXAMPLE", stored);
        var encrypted = JsonDocument.Parse(stored).RootElement.GetProperty("session_token_encrypted").GetString()!;
        Assert.Equal("FwoGZXIvYXdzEXAMPLE", protector.Unprotect(encrypted));
        var shown = ProviderConfigurations.ForDisplay(stored)!.Value;
        Assert.True(shown.GetProperty("has_session_token").GetBoolean());
        Assert.False(shown.TryGetProperty("session_token_encrypted", out _));
        Assert.Equal("us-east-1", shown.GetProperty("region").GetString());
    }
}
