using Contracts.Security;
using DataPlane.Caching;
using DataPlane.Providers;
using DataPlane.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TestKit.FakeProviders;
using TestKit.Redis;

namespace DataPlane.Tests.Caching;

/// <summary>
/// A real redis-server, a fake OpenAI upstream for embeddings, and the data plane's real adapters
/// (taken from a started DataPlane): what <see cref="ResponseCache"/> talks to in production.
/// </summary>
public sealed class CacheFixture : IAsyncLifetime
{
    public const string EmbeddingModel = "@emb/text-embedding-3-small";

    public static readonly string WorkspaceBKey = ApiKeyHasher.NewKey();

    internal RedisServer Redis { get; private set; } = null!;

    internal FakeOpenAiServer Fake { get; private set; } = null!;

    internal DataPlaneFactory Factory { get; private set; } = null!;

    internal RuntimeSnapshot Snapshot { get; private set; } = null!;

    internal ProviderRegistry Providers => Factory.Services.GetRequiredService<ProviderRegistry>();

    internal RuntimeApiKey KeyA => Snapshot.KeysByHash[ApiKeyHasher.Hash(TestSnapshot.CompletionKey)];

    internal RuntimeApiKey KeyB => Snapshot.KeysByHash[ApiKeyHasher.Hash(WorkspaceBKey)];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Redis = await RedisServer.StartAsync(ct);
        Fake = await FakeOpenAiServer.StartAsync(ct);
        var snapshot = TestSnapshot.Build(1, TestSnapshot.Key(WorkspaceBKey, Guid.NewGuid(), "workspace", TestSnapshot.WorkspaceB, [Contracts.Scopes.CompletionsWrite]));
        snapshot = snapshot with
        {
            Providers =
            [
                .. snapshot.Providers,
                TestSnapshot.Provider("emb", "openai", workspace: null, Fake.BaseUrl, "sk-embedding-key"),
                TestSnapshot.Provider("emb-b", "openai", TestSnapshot.WorkspaceB, Fake.BaseUrl, "sk-embedding-key"),
            ],
        };
        Factory = new DataPlaneFactory(snapshot, new Dictionary<string, string>());
        _ = Factory.Services;
        Snapshot = RuntimeSnapshot.Build(snapshot, new SecretProtector(TestSnapshot.SecretKey));
    }

    /// <summary>A cache over <paramref name="redis"/> (the fixture's server when null).</summary>
    internal ResponseCache NewCache(IConnectionMultiplexer? redis = null, string? defaultEmbeddingModel = null, int redisTimeoutMs = 200) => new(
        redis ?? Redis.Connection,
        Providers,
        TimeProvider.System,
        NullLogger<ResponseCache>.Instance,
        Options.Create(new ResponseCacheOptions { RedisTimeoutMs = redisTimeoutMs }),
        Options.Create(new SemanticCacheOptions { EmbeddingModel = defaultEmbeddingModel }));

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Fake.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
