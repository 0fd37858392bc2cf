using System.Globalization;
using System.Text.Json;
using Contracts.Snapshots;
using TestKit.FakeProviders.Azure;

namespace DataPlane.Tests.Providers.Azure;

/// <summary>
/// A fake Azure OpenAI resource, a fake Entra ID token endpoint, and a real DataPlane whose snapshot has
/// <c>azure-openai</c> providers pointing at them: api-key ones (a deployment map, a fixed deployment), Entra ID ones
/// (each with its own authority path, so each test owns its token cache entry), and misconfigured/unreachable ones.
/// </summary>
public sealed class AzureUpstreamFixture : IAsyncLifetime
{
    public const string AzureKey = "0123456789abcdef0123456789abcdef";
    public const int UpstreamTimeoutMs = 3000;
    public const int StreamIdleTimeoutMs = 1500;

    /// <summary>Entra ID providers; each slug is also the path under the fake authority its token requests use.</summary>
    public static readonly string[] EntraProviders = ["az-entra", "az-entra-burst", "az-entra-expiry", "az-entra-flaky"];

    public FakeAzureOpenAiServer Fake { get; private set; } = null!;

    public FakeEntraTokenServer Entra { get; private set; } = null!;

    public DataPlaneFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeAzureOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        Entra = await FakeEntraTokenServer.StartAsync(TestContext.Current.CancellationToken);
        var snapshot = TestSnapshot.Build();
        List<ProviderEntry> providers =
        [
            .. snapshot.Providers,
            Azure("az", Fake.BaseUrl, AzureKey, """{"resource_name":"ignored-when-base-url","api_version":"2024-10-21","deployments":{"gpt-4o":"gpt4o-prod"}}"""),
            Azure("az-dep", Fake.BaseUrl + "/openai/", AzureKey, """{"deployment_id":"fixed-deployment","api_version":"2025-04-01-preview"}"""),
            Azure("az-old", Fake.BaseUrl, AzureKey, """{"api_version":"2024-06-01"}"""),
            Azure("az-nores", null, AzureKey, """{"deployment_id":"x"}"""),
            Azure("az-dead", "http://127.0.0.1:1", AzureKey, "{}"),
            Azure("az-entra-bad", Fake.BaseUrl, "wrong-secret-value-XYZ", EntraConfig("bad")),
            Azure("az-entra-dead", Fake.BaseUrl, Entra.ClientSecret, EntraConfig("dead", authority: "http://127.0.0.1:1")),
            Azure("az-entra-nosecret", Fake.BaseUrl, null, EntraConfig("nosecret")),
        ];
        providers.AddRange(EntraProviders.Select(slug => Azure(slug, Fake.BaseUrl, Entra.ClientSecret, EntraConfig(slug))));
        Factory = new DataPlaneFactory(snapshot with { Providers = providers }, new Dictionary<string, string>
        {
            ["Gateway:UpstreamTimeoutMs"] = UpstreamTimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["Gateway:StreamIdleTimeoutMs"] = StreamIdleTimeoutMs.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Fake.DisposeAsync();
        await Entra.DisposeAsync();
    }

    private static ProviderEntry Azure(string slug, string? baseUrl, string? key, string configurations) =>
        TestSnapshot.Provider(slug, "azure-openai", workspace: null, baseUrl, key) with
        {
            Configurations = JsonDocument.Parse(configurations).RootElement.Clone(),
        };

    private string EntraConfig(string path, string? authority = null) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["auth"] = "entra",
        ["authority"] = (authority ?? Entra.BaseUrl) + "/" + path,
        ["tenant_id"] = Entra.TenantId,
        ["client_id"] = Entra.ClientId,
        ["deployment_id"] = "gpt4o-prod",
    });
}
