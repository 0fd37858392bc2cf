using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers.Google;

/// <summary>
/// A fake Gemini upstream and a real DataPlane whose snapshot has <c>google</c> providers pointing at it (one with a
/// versioned base URL, one at nothing). Short upstream timeouts so failure tests are quick.
/// </summary>
public sealed class GeminiUpstreamFixture : IAsyncLifetime
{
    public const string GeminiKey = "AIzaFakeGeminiKey0123456789";
    public const int UpstreamTimeoutMs = 3000;
    public const int StreamIdleTimeoutMs = 1500;

    public FakeGeminiServer Fake { get; private set; } = null!;

    public DataPlaneFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeGeminiServer.StartAsync(TestContext.Current.CancellationToken);
        var snapshot = TestSnapshot.Build();
        snapshot = snapshot with
        {
            Providers =
            [
                .. snapshot.Providers,
                TestSnapshot.Provider("gem", "google", workspace: null, Fake.BaseUrl, GeminiKey),
                TestSnapshot.Provider("gem-v", "google", workspace: null, Fake.BaseUrl + "/v1beta/", GeminiKey),
                TestSnapshot.Provider("gem-dead", "google", workspace: null, "http://127.0.0.1:1", GeminiKey),
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
