using TestKit.FakeProviders;

namespace EndToEnd.Tests.Compatibility;

/// <summary>
/// One fake OpenAI upstream per test class, registered once as a provider of kind <c>openai</c> (its
/// <c>base_url</c> on loopback, so the data plane process reaches it), with a service key to call it.
/// </summary>
public sealed class FakeOpenAiFixture : IAsyncLifetime
{
    /// <summary>The provider key the gateway must send upstream; never a real one.</summary>
    public const string ProviderKey = "sk-fake-compat-0123456789";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Slug, string Key)? _registration;

    public FakeOpenAiServer Upstream { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Upstream = await FakeOpenAiServer.StartAsync(TestContext.Current.CancellationToken);

    /// <summary>Registers the fake with the app once; later calls return the same slug and key.</summary>
    public async Task<(string Slug, string Key)> RegisterAsync(GatewayAppFixture app, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_registration is { } done)
            {
                return done;
            }

            var slug = "openai-fake-" + Guid.NewGuid().ToString("N")[..8];
            await app.CreateProviderAsync(new { name = "Fake OpenAI", slug, ai_provider = "openai", base_url = Upstream.BaseUrl, key = ProviderKey }, ct);
            // A key is announced in a snapshot no older than the provider's, so once the data plane knows it, it knows both.
            var key = await app.CreateServiceKeyAsync(ct);
            _registration = (slug, key);
            return (slug, key);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        _gate.Dispose();
    }
}
