using System.Text.Json;
using DataPlane.Inference;
using DataPlane.Providers.Azure;
using DataPlane.Providers.Http;
using DataPlane.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataPlane.Tests.Providers.Azure;

/// <summary>How an <c>azure-openai</c> provider entry's configurations become URLs, deployments and auth.</summary>
public sealed class AzureOpenAiEndpointTests : IDisposable
{
    private readonly UpstreamClient _upstream = new(Options.Create(new UpstreamOptions()), NullLogger<UpstreamClient>.Instance);
    private readonly EntraTokenCache _tokens;

    public AzureOpenAiEndpointTests() =>
        _tokens = new EntraTokenCache(_upstream, TimeProvider.System, NullLogger<EntraTokenCache>.Instance);

    public void Dispose() => _upstream.Dispose();

    [Fact]
    public void ResourceName_MakesTheAzureHost_WithTheDefaultApiVersion()
    {
        var endpoint = Resolve("""{"resource_name":"contoso-eu"}""", baseUrl: null, key: "k");

        Assert.Null(endpoint.Error);
        Assert.Equal("https://contoso-eu.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
            endpoint.UriFor(InferenceOperation.ChatCompletions, endpoint.DeploymentFor("gpt-4o")).AbsoluteUri);
        Assert.Equal("https://contoso-eu.openai.azure.com/openai/deployments/emb/embeddings?api-version=2024-10-21",
            endpoint.UriFor(InferenceOperation.Embeddings, "emb").AbsoluteUri);
        Assert.Equal("https://contoso-eu.openai.azure.com/openai/deployments/img/images/generations?api-version=2024-10-21",
            endpoint.UriFor(InferenceOperation.ImageGenerations, "img").AbsoluteUri);
        Assert.Equal("k", endpoint.ApiKey);
        Assert.Null(endpoint.Entra);
    }

    [Theory]
    [InlineData("https://gw.example.com/azure", "https://gw.example.com/azure/openai/deployments/d/chat/completions?api-version=2024-06-01")]
    [InlineData("https://gw.example.com/azure/openai/", "https://gw.example.com/azure/openai/deployments/d/chat/completions?api-version=2024-06-01")]
    [InlineData("https://gw.example.com/x?team=a", "https://gw.example.com/x/openai/deployments/d/chat/completions?api-version=2024-06-01&team=a")]
    public void BaseUrl_OverridesTheResource_WithOrWithoutOpenaiAndKeepsItsQuery(string baseUrl, string expected)
    {
        var endpoint = Resolve("""{"resource_name":"contoso","api_version":"2024-06-01"}""", baseUrl, key: null);

        Assert.Equal(expected, endpoint.UriFor(InferenceOperation.ChatCompletions, "d").AbsoluteUri);
        Assert.Null(endpoint.ApiKey); // no key → no api-key header
    }

    [Theory]
    [InlineData("2024-10-21", true)]
    [InlineData("2025-04-01-preview", true)]
    [InlineData("2024-09-01-preview", true)]
    [InlineData("2024-06-01", false)]
    [InlineData("2024-02-15-preview", false)]
    public void StreamOptions_AreAskedForOnlyFromApiVersionsThatAcceptThem(string apiVersion, bool supported) =>
        Assert.Equal(supported, Resolve($$"""{"resource_name":"res","api_version":"{{apiVersion}}"}""", null, "k").SupportsStreamOptions);

    [Fact]
    public void Deployment_IsTheMappedOne_ElseTheFixedOne_ElseTheModel()
    {
        var mapped = Resolve("""{"resource_name":"res","deployment_id":"fixed","deployments":{"gpt-4o":"gpt4o-prod"}}""", null, "k");
        Assert.Equal("gpt4o-prod", mapped.DeploymentFor("gpt-4o"));
        Assert.Equal("fixed", mapped.DeploymentFor("gpt-4o-mini"));

        var bare = Resolve("""{"resource_name":"res"}""", null, "k");
        Assert.Equal("gpt-4o-mini", bare.DeploymentFor("gpt-4o-mini"));
        Assert.Equal("https://res.openai.azure.com/openai/deployments/a%20b%2Fc/chat/completions?api-version=2024-10-21",
            bare.UriFor(InferenceOperation.ChatCompletions, "a b/c").AbsoluteUri);
    }

    [Fact]
    public void Entra_GetsATokenSlotPerClient_SharedAcrossSnapshots()
    {
        const string config = """{"resource_name":"res","auth":"entra","tenant_id":"t1","client_id":"c1"}""";
        var first = Resolve(config, null, "secret");
        var again = Resolve(config, null, "secret");
        var otherSecret = Resolve(config, null, "rotated");

        Assert.Null(first.Error);
        Assert.Null(first.ApiKey);
        Assert.Same(first.Entra, again.Entra);
        Assert.NotSame(first.Entra, otherSecret.Entra);
        Assert.Equal("https://login.microsoftonline.com/t1/oauth2/v2.0/token", first.Entra!.Client.TokenUri.AbsoluteUri);
        Assert.DoesNotContain("secret", first.Entra.Client.ToString());
        Assert.DoesNotContain("secret", first.Entra.Client.CacheKey);
    }

    [Theory]
    [InlineData("""{"deployment_id":"x"}""", "resource_name")]
    [InlineData("""{"resource_name":"evil.com/#"}""", "configurations.resource_name")]
    [InlineData("""{"resource_name":"res","auth":"managed"}""", "configurations.auth")]
    [InlineData("""{"resource_name":"res","api_version":7}""", "configurations.api_version")]
    [InlineData("""{"resource_name":"res","deployments":["a"]}""", "configurations.deployments")]
    [InlineData("""{"resource_name":"res","deployments":{"gpt-4o":""}}""", "configurations.deployments")]
    [InlineData("""{"resource_name":"res","auth":"entra","client_id":"c"}""", "tenant_id")]
    [InlineData("""{"resource_name":"res","auth":"entra","tenant_id":"t","client_id":"c","authority":"not a url"}""", "configurations.authority")]
    public void BadConfigurations_Are502ProviderMisconfigured_NamingTheField(string configurations, string field)
    {
        var endpoint = Resolve(configurations, null, "k");

        Assert.NotNull(endpoint.Error);
        Assert.Equal(502, endpoint.Error.Status);
        Assert.Equal("provider_misconfigured", endpoint.Error.Code);
        Assert.Equal("az", endpoint.Error.Provider);
        Assert.Contains(field, endpoint.Error.Message);
    }

    private AzureOpenAiEndpoint Resolve(string configurations, string? baseUrl, string? key)
    {
        var entry = TestSnapshot.Provider("az", "azure-openai", workspace: null, baseUrl) with
        {
            Configurations = JsonDocument.Parse(configurations).RootElement.Clone(),
        };
        return AzureOpenAiEndpoint.Resolve(new RuntimeProvider(entry, key), _tokens);
    }
}
