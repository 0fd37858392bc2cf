using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Auth;
using ControlPlane.Startup;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TestKit.Postgres;
using TestKit.Redis;

namespace ControlPlane.Tests.Governance;

/// <summary>
/// A ControlPlane on real PostgreSQL (catalogdb + analyticsdb migrated by LogIngestor) and real Redis, shared by one
/// test class. <see cref="RedisDown"/> starts a second one whose Redis is unreachable.
/// </summary>
public class GovernanceHost : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";
    private readonly PostgresServer _postgres = new();
    private RedisServer? _redis;
    private ControlPlaneFactory? _factory;

    /// <summary>Whether this host's Redis is a closed port.</summary>
    protected virtual bool RedisDown => false;

    public HttpClient Client { get; private set; } = null!;
    public IConnectionMultiplexer Redis => _redis!.Connection;
    public string AnalyticsConnectionString { get; private set; } = "";
    internal IServiceProvider Services => _factory!.Services;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _postgres.StartAsync(timeout.Token);
        var catalog = await _postgres.CreateDatabaseAsync(cancellationToken: timeout.Token);
        AnalyticsConnectionString = await _postgres.CreateDatabaseAsync(cancellationToken: timeout.Token);
        await AnalyticsSchema.MigrateAsync(AnalyticsConnectionString, timeout.Token);
        string redis;
        if (RedisDown)
        {
            redis = "127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=300,syncTimeout=300";
        }
        else
        {
            _redis = await RedisServer.StartAsync(timeout.Token);
            redis = $"127.0.0.1:{_redis.Port}";
        }

        _factory = new ControlPlaneFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:catalogdb"] = catalog,
            ["ConnectionStrings:analyticsdb"] = AnalyticsConnectionString,
            ["ConnectionStrings:redis"] = redis,
            ["Gateway:SecretKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()),
            ["Gateway:AdminApiKey"] = AdminKey,
            ["Governance:ReconcileIntervalSeconds"] = "1",
            ["Governance:AlertPollMilliseconds"] = "50",
            ["Governance:AlertClaimIdleSeconds"] = "1",
            ["Governance:WebhookRetryDelayMilliseconds"] = "50",
            ["Governance:WebhookTimeoutMilliseconds"] = "2000",
        });
        Client = _factory.CreateClient();
        Client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, AdminKey);
        var state = Services.GetRequiredService<StartupState>();
        while (!state.IsReady)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, System.Net.HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await _postgres.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
