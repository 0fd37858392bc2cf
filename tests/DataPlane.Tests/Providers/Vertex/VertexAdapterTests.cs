using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;
using TestKit.FakeProviders.Vertex;

namespace DataPlane.Tests.Providers.Vertex;

/// <summary>The <c>vertex-ai</c> adapter through the real DataPlane against a fake Vertex AI and a fake OAuth2 token endpoint.</summary>
public sealed class VertexAdapterTests : ServiceTestBase, IClassFixture<VertexUpstreamFixture>
{
    private const string WeatherTool = """
        [{"type":"function","function":{"name":"get_weather","description":"Current weather",
          "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]
        """;

    private readonly FakeVertexServer _fake;

    public VertexAdapterTests(VertexUpstreamFixture fixture)
        : base(fixture.Factory)
    {
        _fake = fixture.Fake;
        _fake.Reset();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gemini_NonStream_GoesToThePublisherPath_WithTheFetchedBearerToken_AndRecordsUsageAndCost()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(Chat(Body("@vx/gemini-2.5-flash", "one two"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _fake.LastRequest!;
        Assert.Equal("/v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent", sent.Path);
        Assert.StartsWith("Bearer ya29.fake-", sent.Header("authorization"));
        Assert.True(_fake.Tokens.Issued(sent.Header("authorization")!["Bearer ".Length..]));
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", _fake.Tokens.LastScope);
        Assert.Equal("user", sent.Json.GetProperty("contents")[0].GetProperty("role").GetString());

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("chat.completion", answer.GetProperty("object").GetString());
        Assert.Equal("Echo: one two", answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("vx", usageEvent.Provider);
        Assert.Equal("vertex-ai", usageEvent.AiProvider);
        Assert.Equal(200, usageEvent.Status);
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.Equal(3, usageEvent.CompletionTokens);
        Assert.True(usageEvent.PriceKnown);
        Assert.True(usageEvent.CostUsd > 0);
    }

    [Fact]
    public async Task Gemini_Stream_UsesStreamGenerateContentWithAltSse_AndEndsWithDone()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@vx/gemini-2.5-pro", "one two three", stream: true), TestSnapshot.CompletionKey),
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        Assert.Equal("/v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent", _fake.LastRequest!.Path);
        Assert.Equal("?alt=sse", _fake.LastRequest.Query);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("Echo: one two three", text);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Claude_NonStream_UsesRawPredict_WithVertexAnthropicVersionAndNoModelInTheBody()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Chat(Body("@vx/claude-sonnet-4-5@20250929", "hello there"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _fake.LastRequest!;
        Assert.Equal("/v1/projects/fake-project/locations/us-central1/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict", sent.Path);
        Assert.Equal("vertex-2023-10-16", sent.Json.GetProperty("anthropic_version").GetString());
        Assert.False(sent.Json.TryGetProperty("model", out _));
        Assert.Null(sent.Header("x-api-key"));
        Assert.Equal("claude-sonnet-4-5@20250929", _fake.Anthropic.LastRequest!.Json.GetProperty("model").GetString());

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("Echo: hello there", answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("claude-sonnet-4-5@20250929", answer.GetProperty("model").GetString());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("vx", usageEvent.Provider);
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.True(usageEvent.CompletionTokens > 0);
        Assert.True(usageEvent.PriceKnown);
        Assert.True(usageEvent.CostUsd > 0);
    }

    [Fact]
    public async Task Claude_Stream_UsesStreamRawPredict_AndTranslatesMessagesEventsIntoChunks()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@vx/claude-haiku-4-5", "one two", stream: true, includeUsage: true), TestSnapshot.CompletionKey),
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        Assert.EndsWith("/publishers/anthropic/models/claude-haiku-4-5:streamRawPredict", _fake.LastRequest!.Path);
        Assert.True(_fake.LastRequest.Json.GetProperty("stream").GetBoolean());
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("Echo: one two", text);
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Theory]
    [InlineData("@vx/claude-sonnet-4-5")]
    [InlineData("@vx/gemini-2.5-flash")]
    public async Task Tools_AreTranslated_AndTheToolCallComesBack(string model)
    {
        var client = await ReadyClientAsync();
        var json = $$"""{"model":"{{model}}","tools":{{WeatherTool}},"tool_choice":"required","messages":[{"role":"user","content":"Weather in Paris?"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choice = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function");
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement.GetProperty("location").GetString());
    }

    [Fact]
    public async Task AccessToken_IsFetchedOnce_AndReusedUntilItExpires()
    {
        var client = await ReadyClientAsync();
        var before = _fake.Tokens.RequestCount;
        var requests = Enumerable.Range(0, 4).Select(async i =>
        {
            using var response = await client.SendAsync(Chat(Body("@vx-cache/gemini-2.5-flash", $"hi {i}"), TestSnapshot.CompletionKey), Ct);
            return response.StatusCode;
        });
        Assert.All(await Task.WhenAll(requests), s => Assert.Equal(HttpStatusCode.OK, s));
        using (var again = await client.SendAsync(Chat(Body("@vx-cache/claude-haiku-4-5"), TestSnapshot.CompletionKey), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal(1, _fake.Tokens.RequestCount - before);
        Assert.Equal("/v1/projects/cache-project/locations/europe-west4/publishers/anthropic/models/claude-haiku-4-5:rawPredict", _fake.LastRequest!.Path);
    }

    [Fact]
    public async Task AccessToken_RefusedByTokenUri_Returns502WithProvider_AndNoKeyMaterial()
    {
        var client = await ReadyClientAsync();
        _fake.Tokens.EnqueueFault(FakeFault.Status(400, "Invalid JWT Signature.", "invalid_grant"));
        var before = _fake.RequestCount;
        using var response = await client.SendAsync(Chat(Body("@vx-refused/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("vx-refused", await ProviderOfAsync(response));
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("invalid_grant", message);
        Assert.DoesNotContain("PRIVATE KEY", message);
        Assert.DoesNotContain(FakeGoogleTokenServer.ClientEmail, message);
        Assert.Equal(before, _fake.RequestCount);
    }

    [Theory]
    [InlineData("@vx-noregion/gemini-2.5-flash", "region")]
    [InlineData("@vx-badkey/gemini-2.5-flash", "service-account")]
    public async Task Misconfigured_Returns502ProviderMisconfigured_WithoutCallingVertex(string model, string named)
    {
        var client = await ReadyClientAsync();
        var before = _fake.RequestCount;
        using var response = await client.SendAsync(Chat(Body(model), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("provider_misconfigured", error.GetProperty("code").GetString());
        Assert.Contains(named, error.GetProperty("message").GetString());
        Assert.Equal(before, _fake.RequestCount);
    }

    [Theory]
    [InlineData("@vx/gemini-2.5-flash")]
    [InlineData("@vx/claude-sonnet-4-5")]
    public async Task VertexError_KeepsStatus_MapsGoogleStatus_AndNamesProvider(string model)
    {
        var client = await ReadyClientAsync();
        await WarmTokenAsync(client);
        _fake.EnqueueFault(FakeFault.Status(429, "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute.", "RESOURCE_EXHAUSTED"));
        using var response = await client.SendAsync(Chat(Body(model), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("vx", await ProviderOfAsync(response));
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Contains("Quota exceeded", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ClaudeError_InAnthropicShape_IsMappedLikeAnthropics()
    {
        var client = await ReadyClientAsync();
        await WarmTokenAsync(client);
        _fake.Anthropic.EnqueueFault(FakeFault.Status(529, "Overloaded", "overloaded_error"));
        using var response = await client.SendAsync(Chat(Body("@vx/claude-sonnet-4-5"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, (HttpStatusCode)529);
        Assert.Equal("vx", await ProviderOfAsync(response));
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("overloaded_error", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task RevokedToken_Vertex401_PassesThroughAsAuthenticationError_AndTheNextRequestFetchesANewToken()
    {
        var client = await ReadyClientAsync();
        await WarmTokenAsync(client);
        _fake.Tokens.RevokeAll();
        using (var response = await client.SendAsync(Chat(Body("@vx/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct))
        {
            var error = await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("vx", await ProviderOfAsync(response));
            Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        }

        // The refused token is not used again: the next request gets a fresh one from token_uri.
        var fetches = _fake.Tokens.RequestCount;
        using var recovered = await client.SendAsync(Chat(Body("@vx/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(fetches + 1, _fake.Tokens.RequestCount);
    }

    [Fact]
    public async Task Stream_DroppedMidway_EndsWithTerminalErrorEvent()
    {
        var client = await ReadyClientAsync();
        await WarmTokenAsync(client);
        _fake.EnqueueFault(FakeFault.DropAfter(2));
        using var response = await client.SendAsync(Chat(Body("@vx/gemini-2.5-flash", "one two three four five", stream: true), TestSnapshot.CompletionKey),
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        Assert.Equal("[DONE]", events[^1]);
        var last = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal("upstream_stream_error", last.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("vx", last.GetProperty("provider").GetString());
    }

    /// <summary>So that a queued fault meets the call, not the token fetch of a first request.</summary>
    private async Task WarmTokenAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Chat(Body("@vx/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + " / " + _fake.Tokens.LastRefusal);
    }

    private static async Task<string?> ProviderOfAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("provider").GetString();

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
