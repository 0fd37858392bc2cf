using System.Net;
using System.Text.Json;
using DataPlane.Tests.Routing;

namespace DataPlane.Tests.Guardrails;

/// <summary>Guardrails and the response cache (a real Redis): input guardrails come before the lookup, output guardrails judge hits too.</summary>
public sealed class GuardrailCacheTests(RedisRoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RedisRoutingFixture>
{
    private const string Cache = "\"cache\":{\"mode\":\"simple\",\"max_age\":60},\"provider\":\"@primary\"";
    private const string NoForbidden = """{"default.contains":{"words":["forbidden"],"operator":"none"}""";

    [Fact]
    public async Task InputDeny_IsNotAnsweredFromTheCache()
    {
        await fixture.WaitForRedisAsync();
        var body = Body("gpt-4o", "is this forbidden " + Guid.NewGuid().ToString("N"));
        var (miss, _) = await SendAsync("{" + Cache + "}", body);
        Assert.Equal("MISS", Header(miss, "x-portkey-cache-status"));

        var (denied, traceId) = await SendAsync("{" + Cache + $$""","input_guardrails":[{{NoForbidden}},"deny":true}]}""", body);

        await AssertErrorAsync(denied, (HttpStatusCode)446);
        Assert.Single(Primary.Requests);
        Assert.Equal("DISABLED", (await WaitForUsageEventAsync(traceId)).CacheStatus);
    }

    [Fact]
    public async Task OutputWarn_OnACacheHit_Is246WithHookResults()
    {
        await fixture.WaitForRedisAsync();
        Primary.ReplyText = "a forbidden answer";
        try
        {
            var body = Body("gpt-4o", "question " + Guid.NewGuid().ToString("N"));
            var (miss, _) = await SendAsync("{" + Cache + "}", body);
            Assert.Equal(HttpStatusCode.OK, miss.StatusCode);

            var (hit, traceId) = await SendAsync("{" + Cache + $$""","output_guardrails":[{{NoForbidden}}}]}""", body);

            Assert.Equal("HIT", Header(hit, "x-portkey-cache-status"));
            Assert.Equal((HttpStatusCode)246, hit.StatusCode);
            using var answer = JsonDocument.Parse(await hit.Content.ReadAsStringAsync(Ct));
            Assert.Equal("a forbidden answer", answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.False(answer.RootElement.GetProperty("hook_results").GetProperty("after_request_hooks")[0].GetProperty("verdict").GetBoolean());
            Assert.Single(Primary.Requests);
            var usage = await WaitForUsageEventAsync(traceId);
            Assert.Equal((246, "HIT"), (usage.Status, usage.CacheStatus));
        }
        finally
        {
            Primary.ReplyText = null;
        }
    }
}
