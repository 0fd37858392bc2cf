using Contracts.Snapshots;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers;

/// <summary>
/// A fake OpenAI upstream and a real DataPlane whose snapshot has providers of several OpenAI-compatible
/// kinds pointing at it (and one pointing at nothing). Short upstream timeouts so failure tests are quick.
/// </summary>
public sealed class OpenAiUpstreamFixture : IAsyncLifetime
{
    public const string OpenAiKey = "sk-fake-openai-key-0123456789";
    public const string GroqKey = "gsk-fake-groq-key-0123456789";
    public const int UpstreamTimeoutMs = 3000;
    public const int StreamIdleTimeoutMs = 1500;

    public FakeOpenAiServer Fake { get; private set; } = null!;

    public DataPlaneFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        var snapshot = TestSnapshot.Build();
        snapshot = snapshot with
        {
            Providers =
            [
                .. snapshot.Providers,
                TestSnapshot.Provider("oa", "openai", workspace: null, Fake.BaseUrl, OpenAiKey),
                // Groq's preset base URL has a path of its own (/openai/v1): the override must keep working with one.
                TestSnapshot.Provider("groq-x", "groq", workspace: null, Fake.Origin + "/openai/v1", GroqKey),
                TestSnapshot.Provider("mistral-x", "mistral-ai", workspace: null, Fake.BaseUrl, "mistral-key-0123456789"),
                TestSnapshot.Provider("local-llm", "openai-compatible", workspace: null, Fake.BaseUrl + "/"),
                TestSnapshot.Provider("compat-nobase", "openai-compatible", workspace: null),
                TestSnapshot.Provider("dead", "openai", workspace: null, "http://127.0.0.1:1/v1", OpenAiKey),
            ],
        };
        Factory = new DataPlaneFactory(snapshot, new Dictionary<string, string>
        {
            ["Gateway:UpstreamTimeoutMs"] = UpstreamTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:StreamIdleTimeoutMs"] = StreamIdleTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
