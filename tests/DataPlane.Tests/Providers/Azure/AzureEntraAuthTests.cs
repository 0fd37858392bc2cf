using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;
using TestKit.FakeProviders.Azure;

namespace DataPlane.Tests.Providers.Azure;

/// <summary>
/// <c>azure-openai</c> with <c>auth: entra</c>: a client-credentials token from a fake Entra ID endpoint, sent as a bearer
/// token, cached until shortly before it expires, fetched once for a burst, and failures that never show the secret.
/// Each test uses its own provider (its own authority path), so token caches do not leak between tests.
/// </summary>
public sealed class AzureEntraAuthTests : ServiceTestBase, IClassFixture<AzureUpstreamFixture>
{
    private readonly FakeAzureOpenAiServer _fake;
    private readonly FakeEntraTokenServer _entra;

    public AzureEntraAuthTests(AzureUpstreamFixture fixture)
        : base(fixture.Factory)
    {
        _fake = fixture.Fake;
        _entra = fixture.Entra;
        _fake.Reset();
        _entra.Reset();
        _fake.TokenIssuer = _entra;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entra_SendsTheIssuedBearerToken_AndNoApiKey_AndReusesTheToken()
    {
        var client = await ReadyClientAsync();
        var issued = _entra.IssuedCount;
        using var first = await client.SendAsync(Chat(Body("@az-entra/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        using var second = await client.SendAsync(Chat(Body("@az-entra/gpt-4o", "again"), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(issued + 1, _entra.IssuedCount);
        var tokenRequest = _entra.LastRequest!;
        Assert.Equal($"/az-entra/{_entra.TenantId}/oauth2/v2.0/token", tokenRequest.Path);
        Assert.Equal("application/x-www-form-urlencoded", tokenRequest.Header("content-type"));
        var sent = _fake.LastRequest!;
        Assert.Equal("/openai/deployments/gpt4o-prod/chat/completions", sent.Path);
        Assert.StartsWith("Bearer ", sent.Header("authorization"));
        Assert.True(_entra.IsValid(sent.Header("authorization")!["Bearer ".Length..]));
        Assert.Null(sent.Header("api-key"));
    }

    [Fact]
    public async Task Entra_ConcurrentRequests_FetchOneToken()
    {
        var client = await ReadyClientAsync();
        _entra.ResponseDelay = TimeSpan.FromMilliseconds(300); // every request arrives while the first fetch is in flight
        try
        {
            var issued = _entra.IssuedCount;
            var responses = await Task.WhenAll(Enumerable.Range(0, 12)
                .Select(i => client.SendAsync(Chat(Body("@az-entra-burst/gpt-4o", $"n{i}"), TestSnapshot.CompletionKey), Ct)));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal(issued + 1, _entra.IssuedCount);
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
        finally
        {
            _entra.ResponseDelay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Entra_TokenNearItsExpiry_IsFetchedAgain()
    {
        var client = await ReadyClientAsync();
        _entra.ExpiresInSeconds = 4; // refreshed after half its life
        try
        {
            var issued = _entra.IssuedCount;
            using var first = await client.SendAsync(Chat(Body("@az-entra-expiry/gpt-4o"), TestSnapshot.CompletionKey), Ct);
            using var cached = await client.SendAsync(Chat(Body("@az-entra-expiry/gpt-4o"), TestSnapshot.CompletionKey), Ct);
            Assert.Equal(issued + 1, _entra.IssuedCount);

            await Task.Delay(TimeSpan.FromMilliseconds(2300), Ct);
            using var refreshed = await client.SendAsync(Chat(Body("@az-entra-expiry/gpt-4o"), TestSnapshot.CompletionKey), Ct);

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            Assert.Equal(issued + 2, _entra.IssuedCount);
        }
        finally
        {
            _entra.ExpiresInSeconds = 3599;
        }
    }

    [Fact]
    public async Task Entra_RefusedSecret_Returns502ProviderMisconfigured_NamingTheCodes_WithoutTheSecret()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        var before = _fake.RequestCount;
        using var response = await client.SendAsync(Chat(Body("@az-entra-bad/gpt-4o"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("provider_misconfigured", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("401", message);
        Assert.Contains("invalid_client", message);
        Assert.Contains("AADSTS7000215", message);
        Assert.DoesNotContain("Trace ID", message); // error_description is not copied
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("az-entra-bad", JsonDocument.Parse(body).RootElement.GetProperty("provider").GetString());
        Assert.DoesNotContain("wrong-secret-value-XYZ", body);
        Assert.Equal(before, _fake.RequestCount); // no token, no call
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(502, usageEvent.Status);
        Assert.Equal("az-entra-bad", usageEvent.Provider);
    }

    [Fact]
    public async Task Entra_UnreachableAuthority_Returns502UpstreamUnreachable_AndNoSecret_Returns502Misconfigured()
    {
        var client = await ReadyClientAsync();
        using var dead = await client.SendAsync(Chat(Body("@az-entra-dead/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        var error = await AssertErrorAsync(dead, HttpStatusCode.BadGateway);
        Assert.Equal("upstream_unreachable", error.GetProperty("code").GetString());
        Assert.Contains("Entra ID", error.GetProperty("message").GetString());

        using var noSecret = await client.SendAsync(Chat(Body("@az-entra-nosecret/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        Assert.Equal("provider_misconfigured", (await AssertErrorAsync(noSecret, HttpStatusCode.BadGateway)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Entra_TokenEndpointFailing_Returns502_ThenRecovers()
    {
        var client = await ReadyClientAsync();
        _entra.EnqueueFault(FakeFault.Status(503, "AADSTS90033: A transient error has occurred. Please try again.", code: "temporarily_unavailable"));
        using var failed = await client.SendAsync(Chat(Body("@az-entra-flaky/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        var error = await AssertErrorAsync(failed, HttpStatusCode.BadGateway);
        Assert.Equal("upstream_unreachable", error.GetProperty("code").GetString());
        Assert.Contains("503", error.GetProperty("message").GetString());

        await Task.Delay(TimeSpan.FromMilliseconds(1100), Ct); // a failure is answered again for a second, then retried
        using var recovered = await client.SendAsync(Chat(Body("@az-entra-flaky/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
