using TestKit.FakeProviders.Azure;
using TestKit.FakeProviders.Bedrock;
using TestKit.FakeProviders.Vertex;

namespace EndToEnd.Tests;

/// <summary>
/// The cloud providers through the real app: created with the admin API (their configuration validated, their secret
/// material write-only), reached through the data plane by <c>@slug/model</c> with their real authentication against
/// in-process fakes of the services, and logged with a known cost.
/// </summary>
public sealed class CloudProviderTests(GatewayAppFixture app)
{
    [Fact]
    public async Task AzureOpenAi_WithAnApiKey_AnswersThroughTheGateway()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var azure = await FakeAzureOpenAiServer.StartAsync(ct);
        azure.RequiredApiKey = "azure-key-" + Guid.NewGuid().ToString("N");
        azure.Deployments = ["gpt4o-prod"];
        var slug = await CreateAsync(new
        {
            ai_provider = "azure-openai", key = azure.RequiredApiKey, base_url = azure.BaseUrl,
            configurations = new { deployments = new Dictionary<string, string> { ["gpt-4o"] = "gpt4o-prod" } },
        }, azure.RequiredApiKey, ct);

        await AssertAnswersAndIsLoggedAsync(slug, "gpt-4o", "azure-openai", ct);
        Assert.Equal("/openai/deployments/gpt4o-prod/chat/completions", azure.LastRequest!.Path);
    }

    [Fact]
    public async Task Bedrock_SignedWithSigV4_AnswersThroughTheGateway()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bedrock = await FakeBedrockServer.StartAsync(ct);
        var slug = await CreateAsync(new
        {
            ai_provider = "bedrock", key = bedrock.SecretAccessKey, base_url = bedrock.BaseUrl,
            configurations = new { region = bedrock.Region, access_key_id = bedrock.AccessKeyId },
        }, bedrock.SecretAccessKey, ct);

        // The fake recomputes the SigV4 signature with the secret and refuses a wrong one with 403.
        await AssertAnswersAndIsLoggedAsync(slug, "anthropic.claude-sonnet-4-5-20250929-v1:0", "bedrock", ct);
        Assert.Equal("anthropic.claude-sonnet-4-5-20250929-v1:0", bedrock.LastModelId);
    }

    [Fact]
    public async Task Bedrock_WithTemporaryCredentials_SignsTheSessionToken_WhichIsStoredEncryptedAndNeverShown()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bedrock = await FakeBedrockServer.StartAsync(ct);
        bedrock.ExpectedSessionToken = "FwoGZXIvYXdzE" + Guid.NewGuid().ToString("N");
        var slug = await CreateAsync(new
        {
            ai_provider = "bedrock", key = bedrock.SecretAccessKey, base_url = bedrock.BaseUrl,
            configurations = new { region = bedrock.Region, access_key_id = bedrock.AccessKeyId, session_token = bedrock.ExpectedSessionToken },
        }, bedrock.ExpectedSessionToken, ct);

        var shown = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/providers/{slug}", null, HttpStatusCode.OK, ct);
        Assert.DoesNotContain(bedrock.ExpectedSessionToken, shown.GetRawText());
        Assert.True(shown.GetProperty("configurations").GetProperty("has_session_token").GetBoolean());
        // The data plane decrypts it from the snapshot: the fake refuses a request without the token, signed.
        await AssertAnswersAndIsLoggedAsync(slug, "anthropic.claude-sonnet-4-5-20250929-v1:0", "bedrock", ct);
    }

    [Fact]
    public async Task VertexAi_WithAServiceAccount_AnswersThroughTheGateway()
    {
        var ct = TestContext.Current.CancellationToken;
        var vertex = await FakeVertexServer.StartAsync(ct);
        try
        {
            var serviceAccount = vertex.Tokens.ServiceAccountJson();
            var slug = await CreateAsync(new
            {
                ai_provider = "vertex-ai", key = serviceAccount, base_url = vertex.BaseUrl,
                configurations = new { region = "us-central1" },
            }, "PRIVATE KEY", ct);

            await AssertAnswersAndIsLoggedAsync(slug, "gemini-2.5-flash", "vertex-ai", ct);
            await AssertAnswersAndIsLoggedAsync(slug, "claude-sonnet-4-5@20250929", "vertex-ai", ct);
        }
        finally
        {
            await vertex.StopAllAsync();
        }
    }

    /// <summary>Creates the provider (never read back with its secret) and waits until the data plane has it.</summary>
    private async Task<string> CreateAsync(object fields, string secret, CancellationToken ct)
    {
        var slug = "cloud-" + Guid.NewGuid().ToString("N")[..8];
        var body = JsonSerializer.SerializeToNode(fields)!.AsObject();
        body["name"] = slug;
        body["slug"] = slug;
        using var created = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/providers", app.AdminApiKey, body), ct);
        var text = await created.Content.ReadAsStringAsync(ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        Assert.DoesNotContain(secret, text);
        return slug;
    }

    private async Task AssertAnswersAndIsLoggedAsync(string slug, string model, string kind, CancellationToken ct)
    {
        var key = await app.CreateServiceKeyAsync(ct);
        var traceId = "cloud-" + Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var request = Admin.Chat(key, $"@{slug}/{model}", "Hello from the gateway");
            request.Headers.Add("x-portkey-trace-id", traceId);
            using var response = await app.DataPlane.SendAsync(request, ct);
            var answer = await response.Content.ReadAsStringAsync(ct);
            // A provider created a moment ago may not be in the data plane's snapshot yet (404 until it is).
            if (response.StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
            var content = JsonDocument.Parse(answer).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
            Assert.False(string.IsNullOrEmpty(content));
            break;
        }

        var log = await app.WaitForSingleLogAsync($"/v1/logs?trace_id={traceId}", ct);
        Assert.Equal((slug, kind), (log.GetProperty("provider").GetString(), log.GetProperty("ai_provider").GetString()));
        Assert.True(log.GetProperty("price_known").GetBoolean());
        Assert.True(log.GetProperty("cost_usd").GetDecimal() > 0);
    }
}
