using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
namespace DataPlane.Tests.Governance;

/// <summary>Rate limits held exactly by two replicas sharing Redis: 429 with <c>Retry-After</c> in OpenAI's shape.</summary>
[Collection(GovernanceCollection.Name)]
public sealed class RateLimitTests(GovernanceFixture fixture)
{
    [Fact]
    public async Task SixtyRpmKey_HitByTwoReplicasWith300Requests_AdmitsExactlySixty()
    {
        var ct = TestContext.Current.CancellationToken;
        HttpClient[] clients = [fixture.ReplicaA.CreateClient(), fixture.ReplicaB.CreateClient()];
        using var gate = new SemaphoreSlim(16);
        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                using var request = GovernanceFixture.Chat(GovernanceFixture.SixtyRpmKey, "@fast/gpt-4o-mini");
                using var response = await clients[i % 2].SendAsync(request, ct);
                return (response.StatusCode, response.Headers.RetryAfter?.Delta,
                    Error: response.IsSuccessStatusCode ? default : await GovernanceFixture.ErrorOf(response, ct));
            }
            finally
            {
                gate.Release();
            }
        }));

        // The whole burst takes far less than the 60 s window, so the window admits exactly its 60.
        Assert.Equal(60, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        var limited = results.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(240, limited.Count);
        Assert.All(limited, r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.InRange(r.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            Assert.Equal("requests", r.Error.GetProperty("type").GetString());
            Assert.Equal("rate_limit_exceeded", r.Error.GetProperty("code").GetString());
            Assert.Contains("API key 'sixty-rpm'", r.Error.GetProperty("message").GetString());
        });
    }

    [Fact]
    public async Task TokenLimit_CountsActualTokens_AndRefusesOnBothReplicasOnceSpent()
    {
        var ct = TestContext.Current.CancellationToken;
        HttpClient[] clients = [fixture.ReplicaA.CreateClient(), fixture.ReplicaB.CreateClient()];
        var admittedTokens = 0L;
        var lastTokens = 0L;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 40 && refused is null; i++)
        {
            using var request = GovernanceFixture.Chat(GovernanceFixture.TokenRateKey, "@fast/gpt-4o-mini");
            var response = await clients[i % 2].SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var usage = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("usage");
                lastTokens = usage.GetProperty("total_tokens").GetInt64();
                admittedTokens += lastTokens;
                response.Dispose();
                // Tokens are counted after the answer, in the background: let it land before the next request.
                await Task.Delay(100, ct);
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("tokens", (await GovernanceFixture.ErrorOf(refused, ct)).GetProperty("type").GetString());
        }

        // Refused only once the window's 100 tokens were spent, and not long after.
        Assert.InRange(admittedTokens, 100, 100 + lastTokens);
        foreach (var client in clients)
        {
            using var request = GovernanceFixture.Chat(GovernanceFixture.TokenRateKey, "@fast/gpt-4o-mini");
            using var response = await client.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }

    [Fact]
    public async Task KeyWithoutLimits_IsNeverLimited()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = fixture.ReplicaA.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            using var request = GovernanceFixture.Chat(GovernanceFixture.PlainKey, "@fast/gpt-4o-mini");
            using var response = await client.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
