using System.Globalization;
using System.Text.Json;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers.Anthropic;

/// <summary>
/// A fake Anthropic upstream and a real DataPlane whose snapshot has <c>anthropic</c> providers pointing at it:
/// <c>claude</c> (base URL = the fake's origin), <c>claude-v1</c> (base URL ending in <c>/v1</c>, with
/// <c>configurations</c> for the default max_tokens and a beta header), and <c>claude-dead</c> (nothing listens).
/// Short upstream timeouts so failure tests are quick.
/// </summary>
public sealed class AnthropicUpstreamFixture : IAsyncLifetime
{
    public const string AnthropicKey = "sk-ant-fake-key-0123456789";
    public const int UpstreamTimeoutMs = 3000;
    public const int StreamIdleTimeoutMs = 1500;

    public FakeAnthropicServer Fake { get; private set; } = null!;

    public DataPlaneFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        Fake.ExpectedApiKey = AnthropicKey;
        var snapshot = TestSnapshot.Build();
        using var configurations = JsonDocument.Parse("""{"default_max_tokens":1000,"anthropic_beta":"prompt-caching-2024-07-31"}""");
        snapshot = snapshot with
        {
            Providers =
            [
                .. snapshot.Providers,
                TestSnapshot.Provider("claude", "anthropic", workspace: null, Fake.BaseUrl, AnthropicKey),
                TestSnapshot.Provider("claude-v1", "anthropic", workspace: null, Fake.BaseUrl + "/v1/", AnthropicKey) with
                {
                    Configurations = configurations.RootElement.Clone(),
                },
                TestSnapshot.Provider("claude-dead", "anthropic", workspace: null, "http://127.0.0.1:1", AnthropicKey),
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
        await Fake.DisposeAsync();
    }
}
