using System.Text.Json;
using ControlPlane.Http;
using ControlPlane.Providers.Configurations;

namespace ControlPlane.Tests.Providers;

public sealed class AzureOpenAiConfigurationTests
{
    [Theory]
    [InlineData("""{"resource_name":"contoso-eu"}""")]
    [InlineData("""{"resource_name":"contoso","deployment_id":"gpt4o-prod","api_version":"2025-04-01-preview"}""")]
    [InlineData("""{"resource_name":"contoso","deployments":{"gpt-4o":"gpt4o-prod","text-embedding-3-small":"emb"},"auth":"api_key"}""")]
    [InlineData("""{"resource_name":"contoso","auth":"entra","tenant_id":"72f988bf-86f1-41af-91ab-2d7cd011db47","client_id":"app-1"}""")]
    [InlineData("""{"resource_name":"contoso","auth":"entra","tenant_id":"contoso.onmicrosoft.com","client_id":"app-1","authority":"https://login.microsoftonline.us"}""")]
    [InlineData("""{"resource_name":"contoso","default_max_tokens":1024}""")]
    public void Validate_GoodConfigurations_HaveNoErrors(string json) =>
        Assert.Empty(Validate(json, hasKey: true).Fields);

    [Fact]
    public void Validate_NoConfigurations_IsValidUnlessTheBaseUrlIsKnownMissing()
    {
        var unknown = new ValidationErrors();
        AzureOpenAiConfiguration.Validate(null, hasKey: true, unknown);
        Assert.True(unknown.IsEmpty);

        var withBaseUrl = new ValidationErrors();
        AzureOpenAiConfiguration.Validate(null, hasKey: true, withBaseUrl, hasBaseUrl: true);
        Assert.True(withBaseUrl.IsEmpty);

        var neither = new ValidationErrors();
        AzureOpenAiConfiguration.Validate(null, hasKey: true, neither, hasBaseUrl: false);
        Assert.Equal(["configurations.resource_name"], neither.Fields);
    }

    [Theory]
    [InlineData("""{"resource_name":"evil.com/#"}""", "configurations.resource_name")]
    [InlineData("""{"resource_name":"-contoso"}""", "configurations.resource_name")]
    [InlineData("""{"resource_name":"c"}""", "configurations.resource_name")]
    [InlineData("""{"resource_name":7}""", "configurations.resource_name")]
    [InlineData("""{"deployment_id":""}""", "configurations.deployment_id")]
    [InlineData("""{"deployments":["gpt-4o"]}""", "configurations.deployments")]
    [InlineData("""{"deployments":{"gpt-4o":""}}""", "configurations.deployments.gpt-4o")]
    [InlineData("""{"deployments":{"gpt-4o":42}}""", "configurations.deployments.gpt-4o")]
    [InlineData("""{"api_version":"latest"}""", "configurations.api_version")]
    [InlineData("""{"api_version":"2024-13-01"}""", "configurations.api_version")]
    [InlineData("""{"auth":"managed_identity"}""", "configurations.auth")]
    [InlineData("""{"auth":"api_key","authority":"login.microsoftonline.com"}""", "configurations.authority")]
    [InlineData("""{"auth":"entra","client_id":"app-1"}""", "configurations.tenant_id")]
    [InlineData("""{"auth":"entra","tenant_id":"a/b","client_id":"app-1"}""", "configurations.tenant_id")]
    [InlineData("""{"auth":"entra","tenant_id":"t1"}""", "configurations.client_id")]
    public void Validate_BadField_NamesExactlyThatField(string json, string field) =>
        Assert.Equal([field], Validate(json, hasKey: true).Fields);

    [Fact]
    public void Validate_EntraWithoutAKey_NamesTheKey_AndApiKeyAuthDoesNot()
    {
        Assert.Equal(["key"], Validate("""{"auth":"entra","tenant_id":"t1","client_id":"app-1"}""", hasKey: false).Fields);
        Assert.Empty(Validate("""{"resource_name":"contoso"}""", hasKey: false).Fields);
    }

    [Fact]
    public void Validate_SeveralProblems_AreAllReported()
    {
        var errors = Validate("""{"resource_name":"x_y","api_version":"v1","auth":"entra"}""", hasKey: false);

        Assert.Equal(
            ["configurations.api_version", "configurations.client_id", "configurations.resource_name", "configurations.tenant_id", "key"],
            errors.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_ConfigurationsNotAnObject_IsLeftToTheProviderValidator() =>
        Assert.Empty(Validate("[1]", hasKey: true).Fields);

    private static ValidationErrors Validate(string json, bool hasKey)
    {
        var errors = new ValidationErrors();
        AzureOpenAiConfiguration.Validate(JsonDocument.Parse(json).RootElement, hasKey, errors);
        return errors;
    }
}
