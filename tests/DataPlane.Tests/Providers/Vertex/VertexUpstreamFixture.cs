using System.Globalization;
using System.Text.Json;
using Contracts.Snapshots;
using TestKit.FakeProviders.Vertex;

namespace DataPlane.Tests.Providers.Vertex;

/// <summary>
/// A fake Vertex AI (with its fake token endpoint) and a real DataPlane whose snapshot has <c>vertex-ai</c> providers:
/// <c>vx</c> (region us-central1, project from the key), <c>vx-cache</c> (its own key, for counting token fetches),
/// <c>vx-refused</c> (its own key, for token failures), <c>vx-noregion</c> (no region) and <c>vx-badkey</c> (a key that is no JSON).
/// </summary>
public sealed class VertexUpstreamFixture : IAsyncLifetime
{
    public const int UpstreamTimeoutMs = 3000;
    public const int StreamIdleTimeoutMs = 1500;

    public FakeVertexServer Fake { get; private set; } = null!;

    public DataPlaneFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeVertexServer.StartAsync(TestContext.Current.CancellationToken);
        var snapshot = TestSnapshot.Build();
        snapshot = snapshot with
        {
            Providers =
            [
                .. snapshot.Providers,
                Vertex("vx", Fake.Tokens.ServiceAccountJson(), """{"region":"us-central1"}"""),
                Vertex("vx-cache", Fake.Tokens.ServiceAccountJson("cache-project"), """{"region":"europe-west4"}"""),
                Vertex("vx-refused", Fake.Tokens.ServiceAccountJson("refused-project"), """{"region":"us-east5"}"""),
                Vertex("vx-noregion", Fake.Tokens.ServiceAccountJson(), """{"project_id":"p"}"""),
                Vertex("vx-badkey", "not json", """{"region":"us-central1"}"""),
            ],
        };
        Factory = new DataPlaneFactory(snapshot, new Dictionary<string, string>
        {
            ["Gateway:UpstreamTimeoutMs"] = UpstreamTimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["Gateway:StreamIdleTimeoutMs"] = StreamIdleTimeoutMs.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Fake.StopAllAsync();
    }

    private ProviderEntry Vertex(string slug, string key, string configurations) =>
        TestSnapshot.Provider(slug, "vertex-ai", workspace: null, Fake.BaseUrl, key) with
        {
            Configurations = JsonDocument.Parse(configurations).RootElement.Clone(),
        };
}
