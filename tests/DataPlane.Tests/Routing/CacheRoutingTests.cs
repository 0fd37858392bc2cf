using System.Net;

namespace DataPlane.Tests.Routing;

/// <summary>The response cache through real requests: a real Redis behind the data plane, the fakes counting upstream calls.</summary>
public sealed class CacheRoutingTests(RedisRoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RedisRoutingFixture>
{
    private const string SimpleCache = """{"cache":{"mode":"simple","max_age":60},"provider":"@primary"}""";

    private static string Question() => "what is " + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task SimpleCache_MissThenHit_TheHitNeverReachesTheUpstream_AndCostsNothing()
    {
        await fixture.WaitForRedisAsync();
        var body = Body("gpt-4o", Question());
        var (miss, _) = await SendAsync(SimpleCache, body);
        Assert.Equal("MISS", Header(miss, "x-portkey-cache-status"));
        var missContent = await ContentAsync(miss);

        var (hit, traceId) = await SendAsync(SimpleCache, body);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("HIT", Header(hit, "x-portkey-cache-status"));
        Assert.Equal(missContent, await ContentAsync(hit));
        Assert.Single(Primary.Requests);

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal("HIT", usage.CacheStatus);
        Assert.Equal(0m, usage.CostUsd);
        Assert.True(usage.PromptTokens > 0, "a hit records the tokens it saved");
        Assert.Empty(usage.Attempts);
    }

    [Fact]
    public async Task SimpleCache_AStreamIsReplayedAsTheSameStream()
    {
        await fixture.WaitForRedisAsync();
        var body = Body("gpt-4o", Question(), stream: true);
        var (miss, _) = await SendAsync(SimpleCache, body);
        var original = await miss.Content.ReadAsStringAsync(Ct);

        var (hit, _) = await SendAsync(SimpleCache, body);
        Assert.Equal("HIT", Header(hit, "x-portkey-cache-status"));
        Assert.Equal("text/event-stream", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(original, await hit.Content.ReadAsStringAsync(Ct));
        Assert.EndsWith("data: [DONE]\n\n", original);
        Assert.Single(Primary.Requests);
    }

    [Fact]
    public async Task SimpleCache_NamespacesAreIsolated()
    {
        await fixture.WaitForRedisAsync();
        var body = Body("gpt-4o", Question());
        await SendAsync(SimpleCache, body, headers: ("x-portkey-cache-namespace", "team-a"));
        var (other, _) = await SendAsync(SimpleCache, body, headers: ("x-portkey-cache-namespace", "team-b"));
        var (same, _) = await SendAsync(SimpleCache, body, headers: ("x-portkey-cache-namespace", "team-a"));

        Assert.Equal("MISS", Header(other, "x-portkey-cache-status"));
        Assert.Equal("HIT", Header(same, "x-portkey-cache-status"));
        Assert.Equal(2, Primary.Requests.Count);
    }

    [Fact]
    public async Task SimpleCache_ForceRefresh_SkipsTheEntryAndStoresTheNewAnswer()
    {
        await fixture.WaitForRedisAsync();
        var body = Body("gpt-4o", Question());
        await SendAsync(SimpleCache, body);
        Primary.ReplyText = "refreshed answer";
        try
        {
            var (refresh, _) = await SendAsync(SimpleCache, body, headers: ("x-portkey-cache-force-refresh", "true"));
            Assert.Equal("REFRESH", Header(refresh, "x-portkey-cache-status"));
            Assert.Equal("refreshed answer", await ContentAsync(refresh));

            var (hit, _) = await SendAsync(SimpleCache, body);
            Assert.Equal("HIT", Header(hit, "x-portkey-cache-status"));
            Assert.Equal("refreshed answer", await ContentAsync(hit));
            Assert.Equal(2, Primary.Requests.Count);
        }
        finally
        {
            Primary.ReplyText = null;
        }
    }

    [Fact]
    public async Task Cache_IsInheritedByTargets_AndDisabledWithoutOne()
    {
        await fixture.WaitForRedisAsync();
        var body = Body("gpt-4o", Question());
        const string inherited = """
            {"cache":{"mode":"simple"},"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
            """;
        await SendAsync(inherited, body);
        var (hit, _) = await SendAsync(inherited, body);
        Assert.Equal("HIT", Header(hit, "x-portkey-cache-status"));

        var (none, _) = await SendAsync(null, Body("@primary/gpt-4o", Question()));
        Assert.Equal("DISABLED", Header(none, "x-portkey-cache-status"));
    }

    [Fact]
    public async Task SemanticCache_ASimilarQuestionIsASemanticHit()
    {
        await fixture.WaitForRedisAsync();
        var topic = Guid.NewGuid().ToString("N");
        // Embeddings: every text of this topic points the same way, so the two phrasings are similar (cosine 1).
        Secondary.EmbeddingOf = text => text.Contains(topic, StringComparison.Ordinal) ? [1f, 0f, 0f, 0f] : [0f, 1f, 0f, 0f];
        try
        {
            var config = """{"cache":{"mode":"semantic","embedding_model":"@secondary/text-embedding-3-small","similarity_threshold":0.9},"provider":"@primary"}""";
            var (first, _) = await SendAsync(config, Body("gpt-4o", $"what is {topic}?"));
            Assert.Equal("SEMANTIC MISS", Header(first, "x-portkey-cache-status"));

            var (second, _) = await SendAsync(config, Body("gpt-4o", $"tell me what {topic} is"));
            Assert.Equal("SEMANTIC HIT", Header(second, "x-portkey-cache-status"));
            Assert.Equal(await ContentAsync(first), await ContentAsync(second));
            Assert.Single(Primary.Requests);

            var (unrelated, _) = await SendAsync(config, Body("gpt-4o", "something else entirely " + Guid.NewGuid()));
            Assert.Equal("SEMANTIC MISS", Header(unrelated, "x-portkey-cache-status"));
        }
        finally
        {
            Secondary.EmbeddingOf = null;
        }
    }
}
