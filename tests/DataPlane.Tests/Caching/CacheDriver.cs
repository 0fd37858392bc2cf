using System.Diagnostics;
using System.Text;
using DataPlane.Caching;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Routing;
using DataPlane.Routing.Plans;
using DataPlane.Snapshots;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace DataPlane.Tests.Caching;

/// <summary>Drives <see cref="ResponseCache"/> as the routing core does: look up, else call the adapter and store, then write.</summary>
internal sealed class CacheDriver(CacheFixture fixture, ResponseCache cache)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public CacheLookup? LastLookup { get; private set; }

    public static CachePolicy Simple(int maxAgeSeconds = 3600) => new(Semantic: false, TimeSpan.FromSeconds(maxAgeSeconds));

    public static CachePolicy Semantic(double threshold = CachePolicy.DefaultSimilarityThreshold, string? model = CacheFixture.EmbeddingModel) =>
        new(Semantic: true, TimeSpan.FromHours(1), model, threshold);

    public CacheRequest Request(
        string json,
        CachePolicy policy,
        string? @namespace,
        RuntimeApiKey? key = null,
        bool forceRefresh = false,
        string slug = "mock-shared",
        string model = "gpt-4o-mini",
        InferenceOperation operation = InferenceOperation.ChatCompletions)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var request = InferenceRequestParser.Parse(operation, body, out var error) ?? throw new InvalidOperationException(error!.Message);
        var target = new RouteTarget(fixture.Snapshot.ProvidersBySlug[slug], model);
        return new CacheRequest(policy, target, request, key ?? fixture.KeyA, fixture.Snapshot, @namespace, forceRefresh);
    }

    /// <summary>One request end to end; waits until a stored answer is readable, so the next run can hit it.</summary>
    public async Task<CacheRun> RunAsync(CacheRequest request, bool waitForStore = true)
    {
        var lookup = await cache.LookupAsync(request, Ct);
        LastLookup = lookup;
        ProviderResponse response;
        var upstreamCalled = false;
        if (lookup.Hit is { } hit)
        {
            response = hit;
        }
        else
        {
            Assert.True(fixture.Providers.TryGet(request.Target.Provider.Kind, out var adapter));
            var result = await adapter.SendAsync(new ProviderRequest(request.Target, request.Request, Stopwatch.GetTimestamp()), Ct);
            response = cache.StoreOnSuccess(result.Response ?? throw new InvalidOperationException(result.Error!.Message), lookup);
            upstreamCalled = true;
        }

        var (body, contentType, outcome) = await WriteAsync(response);
        if (waitForStore && !lookup.IsHit && lookup.Key is { } key && outcome.Status == 200)
        {
            await WaitForKeyAsync(fixture.Redis.Connection, key.EntryKey);
        }

        return new CacheRun(lookup.Status, body, contentType, outcome, upstreamCalled);
    }

    /// <summary>Writes <paramref name="response"/> into a fresh context's MemoryStream body, as Kestrel would receive it.</summary>
    public static async Task<(byte[] Body, string? ContentType, ReplyOutcome Outcome)> WriteAsync(ProviderResponse response)
    {
        using (response)
        {
            var context = new DefaultHttpContext();
            var body = new MemoryStream();
            context.Response.Body = body;
            var outcome = await response.WriteToAsync(context.Response, Ct);
            await context.Response.BodyWriter.FlushAsync(Ct);
            return (body.ToArray(), context.Response.ContentType, outcome);
        }
    }

    public static async Task WaitForKeyAsync(IConnectionMultiplexer redis, string key)
    {
        var deadline = Stopwatch.StartNew();
        while (!await redis.GetDatabase().KeyExistsAsync(key))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(3), $"entry {key} was never stored");
            await Task.Delay(10, Ct);
        }
    }
}
