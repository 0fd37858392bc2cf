using System.Diagnostics;
using DataPlane.Caching;
using StackExchange.Redis;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Caching;

/// <summary>The exact-match cache against a real redis-server, with the data plane's real adapters upstream.</summary>
public sealed class ResponseCacheTests(CacheFixture fixture) : IClassFixture<CacheFixture>
{
    private const string Hello = """{"model":"gpt-4o-mini","temperature":0.2,"messages":[{"role":"user","content":"Hello cache"}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewNamespace() => "ns-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task SecondIdenticalRequest_IsHit_WithTheSameBytesAndSavedUsage()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();

        var first = await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));
        var second = await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Miss, first.Status);
        Assert.True(first.UpstreamCalled);
        Assert.Equal(CacheStatus.Hit, second.Status);
        Assert.False(second.UpstreamCalled);
        Assert.Equal(first.Body, second.Body);
        Assert.StartsWith("application/json", second.ContentType);
        Assert.Equal(200, second.Outcome.Status);
        Assert.Null(second.Outcome.ErrorType);
        Assert.True(second.Outcome.Usage.PromptTokens > 0);
        Assert.Equal(first.Outcome.Usage.PromptTokens, second.Outcome.Usage.PromptTokens);
        Assert.Equal(first.Outcome.Usage.CompletionTokens, second.Outcome.Usage.CompletionTokens);
        Assert.Equal(0, second.Outcome.Usage.UpstreamLatencyMs);
    }

    [Fact]
    public async Task Key_IgnoresFieldOrderStreamOptionsUserAndMetadata()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));

        const string reordered = """
            {"messages":[{"content":"Hello cache","role":"user"}], "user":"someone-else", "metadata":{"a":"b"},
             "stream_options":{"include_usage":true}, "temperature":0.2, "model":"@mock-shared/gpt-4o-mini", "stream":false}
            """;
        var run = await driver.RunAsync(driver.Request(reordered, CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Hit, run.Status);
    }

    [Fact]
    public async Task Key_DependsOnTemperature()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));

        var run = await driver.RunAsync(driver.Request(Hello.Replace("0.2", "0.9", StringComparison.Ordinal), CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Miss, run.Status);
        Assert.True(run.UpstreamCalled);
    }

    [Fact]
    public async Task Key_DependsOnTargetModelAndProvider()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Miss, (await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns, model: "gpt-4o"))).Status);
        Assert.Equal(CacheStatus.Miss, (await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns, slug: "mock-a"))).Status);
    }

    [Fact]
    public async Task Namespaces_AreIsolated()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Miss, (await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), NewNamespace()))).Status);
        Assert.Equal(CacheStatus.Miss, (await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), null))).Status);
        Assert.Equal(CacheStatus.Hit, (await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns))).Status);
    }

    [Fact]
    public async Task Workspaces_AreIsolated()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns, key: fixture.KeyA));

        var otherWorkspace = await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns, key: fixture.KeyB));
        var sameWorkspace = await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns, key: fixture.KeyA));

        Assert.Equal(CacheStatus.Miss, otherWorkspace.Status);
        Assert.True(otherWorkspace.UpstreamCalled);
        Assert.Equal(CacheStatus.Hit, sameWorkspace.Status);
    }

    [Fact]
    public async Task Entry_LivesForMaxAge_ThenExpires()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(maxAgeSeconds: 1), ns));
        var ttl = await fixture.Redis.Connection.GetDatabase().KeyTimeToLiveAsync(driver.LastLookup!.Key!.EntryKey);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

        Assert.Equal(CacheStatus.Hit, (await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(maxAgeSeconds: 1), ns))).Status);
        await Task.Delay(1300, Ct);

        Assert.Equal(CacheStatus.Miss, (await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(maxAgeSeconds: 1), ns))).Status);
    }

    [Fact]
    public async Task ForceRefresh_SkipsTheRead_AndStoresTheFreshAnswer()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        var first = await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));
        await fixture.Redis.Connection.GetDatabase().KeyDeleteAsync(driver.LastLookup!.Key!.EntryKey);
        await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));

        var refreshed = await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns, forceRefresh: true));
        var after = await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Refresh, refreshed.Status);
        Assert.True(refreshed.UpstreamCalled);
        Assert.Equal(CacheStatus.Hit, after.Status);
        // The mock's answers differ in their ids: the hit is the refreshed answer, not the older one.
        Assert.Equal(refreshed.Body, after.Body);
        Assert.NotEqual(first.Body, after.Body);
    }

    [Fact]
    public async Task Stream_IsReplayed_AsTheSameSseBytes()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        const string streamed = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Stream me some words please"}]}""";

        var first = await driver.RunAsync(driver.Request(streamed, CacheDriver.Simple(), ns));
        var replay = await driver.RunAsync(driver.Request(streamed, CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Miss, first.Status);
        Assert.Equal(CacheStatus.Hit, replay.Status);
        Assert.StartsWith("text/event-stream", replay.ContentType);
        Assert.Equal(first.Body, replay.Body);
        Assert.EndsWith("data: [DONE]\n\n", replay.Text, StringComparison.Ordinal);
        Assert.True(replay.Text.Split("data: ").Length > 3);
        Assert.Equal(first.Outcome.Usage.CompletionTokens, replay.Outcome.Usage.CompletionTokens);
    }

    [Fact]
    public async Task StreamAndNonStream_DoNotShareEntries()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), ns));

        var streamed = await driver.RunAsync(driver.Request(Hello.Replace("{", """{"stream":true,""", StringComparison.Ordinal), CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Miss, streamed.Status);
        Assert.StartsWith("text/event-stream", streamed.ContentType);
    }

    [Fact]
    public async Task StreamReplay_WithUsageChunkAsked_IsNotServedFromAStreamWithout()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        const string plain = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"usage please"}]}""";
        const string withUsage = """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"usage please"}]}""";
        await driver.RunAsync(driver.Request(plain, CacheDriver.Simple(), ns));

        var asked = await driver.RunAsync(driver.Request(withUsage, CacheDriver.Simple(), ns));

        Assert.Equal(CacheStatus.Miss, asked.Status);
        Assert.Contains("\"usage\"", asked.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenStream_IsNotStored()
    {
        var driver = new CacheDriver(fixture, fixture.NewCache());
        var ns = NewNamespace();
        const string streamed = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"one two three four five"}]}""";
        fixture.Fake.EnqueueFault(FakeFault.DropAfter(2));

        var broken = await driver.RunAsync(driver.Request(streamed, CacheDriver.Simple(), ns, slug: "emb"), waitForStore: false);
        await Task.Delay(300, Ct);

        Assert.NotNull(broken.Outcome.ErrorType);
        Assert.False(await fixture.Redis.Connection.GetDatabase().KeyExistsAsync(driver.LastLookup!.Key!.EntryKey));
        Assert.Equal(CacheStatus.Miss, (await driver.RunAsync(driver.Request(streamed, CacheDriver.Simple(), ns, slug: "emb"))).Status);
    }

    [Fact]
    public async Task AnswerOverTheCaptureCap_IsRelayedWhole_ButNotStored()
    {
        var cache = new ResponseCache(
            fixture.Redis.Connection,
            fixture.Providers,
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ResponseCache>.Instance,
            Microsoft.Extensions.Options.Options.Create(new ResponseCacheOptions { MaxCaptureBytes = 1024 }),
            Microsoft.Extensions.Options.Options.Create(new SemanticCacheOptions()));
        var driver = new CacheDriver(fixture, cache);
        var ns = NewNamespace();
        var longText = string.Join(' ', Enumerable.Repeat("lengthy", 300));
        var json = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"TEXT"}]}""".Replace("TEXT", longText, StringComparison.Ordinal);

        var run = await driver.RunAsync(driver.Request(json, CacheDriver.Simple(), ns), waitForStore: false);
        await Task.Delay(300, Ct);

        Assert.True(run.Body.Length > 1024);
        Assert.Contains(longText, run.Text, StringComparison.Ordinal);
        Assert.False(await fixture.Redis.Connection.GetDatabase().KeyExistsAsync(driver.LastLookup!.Key!.EntryKey));
    }

    [Fact]
    public async Task RedisUnreachable_IsAQuickMiss_AndTheAnswerStillGoesOut()
    {
        await using var nowhere = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=500");
        var driver = new CacheDriver(fixture, fixture.NewCache(nowhere));
        var watch = Stopwatch.StartNew();

        var lookup = await fixture.NewCache(nowhere).LookupAsync(driver.Request(Hello, CacheDriver.Simple(), NewNamespace()), Ct);
        var elapsed = watch.Elapsed;
        var run = await driver.RunAsync(driver.Request(Hello, CacheDriver.Simple(), NewNamespace()), waitForStore: false);

        Assert.Equal(CacheStatus.Miss, lookup.Status);
        Assert.Null(lookup.Hit);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(300), $"lookup took {elapsed}");
        Assert.Equal(CacheStatus.Miss, run.Status);
        Assert.Equal(200, run.Outcome.Status);
        Assert.Contains("Hello cache", run.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisConnectedButNotAnswering_IsAMissWithinTheTimeout()
    {
        var cache = fixture.NewCache(redisTimeoutMs: 150);
        var driver = new CacheDriver(fixture, cache);
        var request = driver.Request(Hello, CacheDriver.Simple(), NewNamespace());
        // The server holds every client's commands for a while: a stalled Redis, as in a failover.
        await fixture.Redis.Connection.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "700", "ALL");
        var paused = Stopwatch.StartNew();

        var lookup = await cache.LookupAsync(request, Ct);
        var elapsed = paused.Elapsed;
        await Task.Delay(TimeSpan.FromMilliseconds(800) - paused.Elapsed, Ct);

        Assert.Equal(CacheStatus.Miss, lookup.Status);
        Assert.Null(lookup.Hit);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(500), $"lookup took {elapsed}");
    }

    [Fact]
    public async Task Images_AreNotCached()
    {
        var cache = fixture.NewCache();
        var driver = new CacheDriver(fixture, cache);

        var lookup = await cache.LookupAsync(
            driver.Request("""{"model":"dall-e-3","prompt":"a cat"}""", CacheDriver.Simple(), NewNamespace(), operation: DataPlane.Inference.InferenceOperation.ImageGenerations),
            Ct);

        Assert.Equal(CacheStatus.Disabled, lookup.Status);
        Assert.Null(lookup.Key);
    }
}
