using System.Text.Json;
using DataPlane.Caching;

namespace DataPlane.Tests.Caching;

/// <summary>
/// The semantic cache: exact match first, then the nearest stored embedding by cosine similarity. Embeddings come
/// from the fake OpenAI upstream through the real adapter, with vectors chosen per text so similarities are known.
/// </summary>
public sealed class SemanticCacheTests : IClassFixture<CacheFixture>
{
    private readonly CacheFixture _fixture;

    public SemanticCacheTests(CacheFixture fixture)
    {
        _fixture = fixture;
        fixture.Fake.EmbeddingOf = Embed;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewNamespace() => "ns-" + Guid.NewGuid().ToString("N");

    /// <summary>France questions point one way (cosine 0.9988 between the two phrasings), Spain at 0.8 from them, the rest elsewhere.</summary>
    private static float[] Embed(string text) =>
        text.Contains("France", StringComparison.Ordinal) ? text.Contains("capital city", StringComparison.Ordinal) ? [1f, 0.05f, 0f, 0f] : [1f, 0f, 0f, 0f]
        : text.Contains("Spain", StringComparison.Ordinal) ? [0.8f, 0.6f, 0f, 0f]
        : [0f, 0f, 1f, 0f];

    private static string Chat(string user, string? system = null) => JsonSerializer.Serialize(new
    {
        model = "gpt-4o-mini",
        messages = system is null
            ? new object[] { new { role = "user", content = user } }
            : [new { role = "system", content = system }, new { role = "user", content = user }],
    });

    [Fact]
    public async Task SimilarQuestion_AboveThreshold_IsSemanticHit_WithTheStoredAnswer()
    {
        var driver = new CacheDriver(_fixture, _fixture.NewCache());
        var ns = NewNamespace();

        var first = await driver.RunAsync(driver.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(), ns));
        var similar = await driver.RunAsync(driver.Request(Chat("Tell me the capital city of France"), CacheDriver.Semantic(), ns));

        Assert.Equal(CacheStatus.SemanticMiss, first.Status);
        Assert.Equal(CacheStatus.SemanticHit, similar.Status);
        Assert.False(similar.UpstreamCalled);
        Assert.Equal(first.Body, similar.Body);
        Assert.Contains("What is the capital of France?", similar.Text, StringComparison.Ordinal);
        Assert.Equal(0, similar.Outcome.Usage.UpstreamLatencyMs);
    }

    [Fact]
    public async Task DifferentQuestion_BelowThreshold_IsSemanticMiss()
    {
        var driver = new CacheDriver(_fixture, _fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(), ns));

        var other = await driver.RunAsync(driver.Request(Chat("What is the capital of Spain?"), CacheDriver.Semantic(), ns));

        Assert.Equal(CacheStatus.SemanticMiss, other.Status);
        Assert.True(other.UpstreamCalled);
        Assert.Contains("Spain", other.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Threshold_IsThePolicys()
    {
        var driver = new CacheDriver(_fixture, _fixture.NewCache());
        var (strictSpace, looseSpace) = (NewNamespace(), NewNamespace());
        await driver.RunAsync(driver.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(threshold: 0.85), strictSpace));
        await driver.RunAsync(driver.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(threshold: 0.75), looseSpace));

        // Cosine 0.8: a miss at 0.85, a hit at 0.75.
        var strict = await driver.RunAsync(driver.Request(Chat("What is the capital of Spain?"), CacheDriver.Semantic(threshold: 0.85), strictSpace));
        var loose = await driver.RunAsync(driver.Request(Chat("What is the capital of Spain?"), CacheDriver.Semantic(threshold: 0.75), looseSpace));

        Assert.Equal(CacheStatus.SemanticMiss, strict.Status);
        Assert.Equal(CacheStatus.SemanticHit, loose.Status);
    }

    [Fact]
    public async Task IdenticalRequest_IsExactHit_BeforeAnyEmbedding()
    {
        var driver = new CacheDriver(_fixture, _fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(), ns));
        var embeddingsBefore = _fixture.Fake.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));

        var again = await driver.RunAsync(driver.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(), ns));

        Assert.Equal(CacheStatus.Hit, again.Status);
        Assert.Equal(embeddingsBefore, _fixture.Fake.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SystemPrompt_IsLeftOutOfTheEmbedding()
    {
        var driver = new CacheDriver(_fixture, _fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Chat("What is the capital of France?", system: "You are terse."), CacheDriver.Semantic(), ns));

        var run = await driver.RunAsync(driver.Request(Chat("What is the capital of France?", system: "You are verbose about Spain."), CacheDriver.Semantic(), ns));

        Assert.Equal(CacheStatus.SemanticHit, run.Status);
        var embedded = _fixture.Fake.Requests.Last(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));
        Assert.DoesNotContain("verbose", embedded.Json.GetProperty("input").GetString(), StringComparison.Ordinal);
        Assert.Equal("text-embedding-3-small", embedded.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task LongConversation_UsesExactMatchOnly()
    {
        var driver = new CacheDriver(_fixture, _fixture.NewCache());
        var json = JsonSerializer.Serialize(new
        {
            model = "gpt-4o-mini",
            messages = new[]
            {
                new { role = "user", content = "France?" }, new { role = "assistant", content = "Yes." },
                new { role = "user", content = "Capital?" }, new { role = "assistant", content = "Paris." },
                new { role = "user", content = "France again?" },
            },
        });
        var embeddingsBefore = _fixture.Fake.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));
        var ns = NewNamespace();

        var first = await driver.RunAsync(driver.Request(json, CacheDriver.Semantic(), ns));
        var second = await driver.RunAsync(driver.Request(json, CacheDriver.Semantic(), ns));

        Assert.Equal(CacheStatus.Miss, first.Status);
        Assert.Equal(CacheStatus.Hit, second.Status);
        Assert.Equal(embeddingsBefore, _fixture.Fake.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NoEmbeddingModel_UsesExactMatchOnly_AndTheConfiguredDefaultWhenSet()
    {
        var ns = NewNamespace();
        var withoutDefault = new CacheDriver(_fixture, _fixture.NewCache());
        var withDefault = new CacheDriver(_fixture, _fixture.NewCache(defaultEmbeddingModel: CacheFixture.EmbeddingModel));

        var exactOnly = await withoutDefault.RunAsync(withoutDefault.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(model: null), ns));
        var defaulted = await withDefault.RunAsync(withDefault.Request(Chat("Tell me the capital city of France"), CacheDriver.Semantic(model: null), ns));

        Assert.Equal(CacheStatus.Miss, exactOnly.Status);
        Assert.Equal(CacheStatus.SemanticMiss, defaulted.Status);
    }

    [Fact]
    public async Task EmbeddingProviderOfAnotherWorkspace_IsNotUsed()
    {
        var driver = new CacheDriver(_fixture, _fixture.NewCache());
        var embeddingsBefore = _fixture.Fake.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));

        var run = await driver.RunAsync(driver.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(model: "@emb-b/text-embedding-3-small"), NewNamespace(), key: _fixture.KeyA));

        Assert.Equal(CacheStatus.Miss, run.Status);
        Assert.Equal(embeddingsBefore, _fixture.Fake.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Vectors_AreSharedThroughRedis_BetweenCacheInstances()
    {
        var replicaOne = new CacheDriver(_fixture, _fixture.NewCache());
        var replicaTwo = new CacheDriver(_fixture, _fixture.NewCache());
        var ns = NewNamespace();
        await replicaOne.RunAsync(replicaOne.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(), ns));

        var run = await replicaTwo.RunAsync(replicaTwo.Request(Chat("Tell me the capital city of France"), CacheDriver.Semantic(), ns));

        Assert.Equal(CacheStatus.SemanticHit, run.Status);
        Assert.Equal(1, await _fixture.Redis.Connection.GetDatabase().ListLengthAsync(replicaTwo.LastLookup!.Key!.BucketKey!));
    }

    [Fact]
    public async Task EmbeddingUpstreamFailure_FallsBackToExactMatch()
    {
        var driver = new CacheDriver(_fixture, _fixture.NewCache());
        _fixture.Fake.EnqueueFault(TestKit.FakeProviders.FakeFault.Status(500, "embedding down", "server_error"));

        var run = await driver.RunAsync(driver.Request(Chat("What is the capital of France?"), CacheDriver.Semantic(), NewNamespace()));

        Assert.Equal(CacheStatus.SemanticMiss, run.Status);
        Assert.Equal(200, run.Outcome.Status);
    }
}
