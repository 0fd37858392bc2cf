using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;
using TestKit.FakeProviders.Azure;

namespace DataPlane.Tests.Providers.Azure;

/// <summary>The <c>azure-openai</c> adapter with api-key auth, through the real DataPlane against a fake Azure OpenAI resource.</summary>
public sealed class AzureOpenAiAdapterTests : ServiceTestBase, IClassFixture<AzureUpstreamFixture>
{
    private readonly FakeAzureOpenAiServer _fake;

    public AzureOpenAiAdapterTests(AzureUpstreamFixture fixture)
        : base(fixture.Factory)
    {
        _fake = fixture.Fake;
        _fake.Reset();
        _fake.RequiredApiKey = AzureUpstreamFixture.AzureKey;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_NonStream_GoesToTheMappedDeployment_WithApiKeyAndApiVersion_AndRecordsUsageAndCost()
    {
        var client = await ReadyClientAsync();
        _fake.Deployments = ["gpt4o-prod"];
        var traceId = NewTrace();
        using var response = await client.SendAsync(Chat(Body("@az/gpt-4o"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _fake.LastRequest!;
        Assert.Equal("/openai/deployments/gpt4o-prod/chat/completions", sent.Path);
        Assert.Equal("?api-version=2024-10-21", sent.Query);
        Assert.Equal(AzureUpstreamFixture.AzureKey, sent.Header("api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.Null(sent.Header("x-portkey-api-key"));
        Assert.Equal("gpt-4o", sent.Json.GetProperty("model").GetString());
        Assert.DoesNotContain("include_usage", sent.BodyText); // asked for on streams only

        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("Echo: hello there", root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("az", Header(response, "x-portkey-provider"));
        var usage = root.GetProperty("usage");

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("az", usageEvent.Provider);
        Assert.Equal("azure-openai", usageEvent.AiProvider);
        Assert.Equal("gpt-4o", usageEvent.Model);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), usageEvent.CompletionTokens);
        Assert.True(usageEvent.PriceKnown); // azure-openai inherits OpenAI's prices for the same model names
        Assert.True(usageEvent.CostUsd > 0);
    }

    [Fact]
    public async Task Chat_ModelWithoutMapping_UsesTheModelAsTheDeployment()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@az/gpt-4o-mini"), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/openai/deployments/gpt-4o-mini/chat/completions", _fake.LastRequest!.Path);
    }

    [Fact]
    public async Task Chat_FixedDeploymentId_AndBaseUrlEndingInOpenai_MakeOnePath_WithTheConfiguredApiVersion()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@az-dep/whatever-model"), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/openai/deployments/fixed-deployment/chat/completions", _fake.LastRequest!.Path);
        Assert.Equal("?api-version=2025-04-01-preview", _fake.LastRequest.Query);
    }

    [Fact]
    public async Task Chat_Stream_RelaysChunks_AsksForUsage_HidesTheUsageChunk_AndRecordsUsage()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Chat(Body("@az/gpt-4o", "one two three", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.All(chunks, c => Assert.Equal(1, c.GetProperty("choices").GetArrayLength())); // the usage-only chunk is hidden
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("Echo: one two three", text);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        var sent = _fake.LastRequest!;
        Assert.Equal("/openai/deployments/gpt4o-prod/chat/completions", sent.Path);
        Assert.True(sent.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.True(usageEvent.Stream);
        Assert.Equal(4, usageEvent.CompletionTokens); // the fake's own count (one per piece), not the tokenizer's
        Assert.Null(usageEvent.ErrorType);
    }

    [Fact]
    public async Task Chat_Stream_OnAnApiVersionWithoutStreamOptions_SendsNone_AndCountsUsageWithTheTokenizer()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Chat(Body("@az-old/gpt-4o", "one two three", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("?api-version=2024-06-01", _fake.LastRequest!.Query);
        Assert.DoesNotContain("include_usage", _fake.LastRequest.BodyText);
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.True(usageEvent.CompletionTokens > 0);
        Assert.True(usageEvent.PromptTokens > 0);
    }

    [Fact]
    public async Task Chat_Stream_WithIncludeUsage_GivesTheClientTheUsageChunk()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(
            Chat(Body("@az/gpt-4o", "hi", stream: true, includeUsage: true), TestSnapshot.CompletionKey), HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        var usageChunk = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.True(usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Chat_Tools_ReturnToolCalls_PlainAndStreamed()
    {
        var client = await ReadyClientAsync();
        const string tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}]""";
        var json = $$"""{"model":"@az/gpt-4o","tools":{{tools}},"messages":[{"role":"user","content":"Weather in Paris?"}]}""";
        using var plain = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        var choice = JsonDocument.Parse(await plain.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function");
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.Equal(_fake.ToolArguments, call.GetProperty("arguments").GetString());
        Assert.Equal("get_weather", _fake.LastRequest!.Json.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());

        var streamed = json.Replace("\"tools\"", "\"stream\":true,\"tools\"", StringComparison.Ordinal);
        using var response = await client.SendAsync(Chat(streamed, TestSnapshot.CompletionKey), HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        var arguments = string.Concat(events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("tool_calls", out _))
            .Select(d => d.GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal(_fake.ToolArguments, arguments);
        Assert.Equal("[DONE]", events[^1]);
    }

    [Fact]
    public async Task Embeddings_GoToTheDeploymentsEmbeddingsPath_AndRecordUsage()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Post("/v1/embeddings", """{"model":"@az/text-embedding-3-small","input":["hello world","bye"]}""", TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/openai/deployments/text-embedding-3-small/embeddings", _fake.LastRequest!.Path);
        Assert.Equal("?api-version=2024-10-21", _fake.LastRequest.Query);
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal(_fake.EmbeddingDimensions, data[0].GetProperty("embedding").GetArrayLength());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("/v1/embeddings", usageEvent.Path);
        Assert.True(usageEvent.PromptTokens > 0);
    }

    [Fact]
    public async Task Images_GoToTheDeploymentsImagesPath()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(
            Post("/v1/images/generations", """{"model":"@az/dall-e-3","prompt":"a lighthouse at dusk","n":1,"size":"1024x1024"}""", TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/openai/deployments/dall-e-3/images/generations", _fake.LastRequest!.Path);
        Assert.Equal("a lighthouse at dusk", _fake.LastRequest.Json.GetProperty("prompt").GetString());
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("data");
        Assert.Equal(1, data.GetArrayLength());
    }

    [Fact]
    public async Task WrongKey_Returns401WithAzuresMessageAndProvider_WithoutTheKey()
    {
        var client = await ReadyClientAsync();
        _fake.RequiredApiKey = "another-key";
        using var response = await client.SendAsync(Chat(Body("@az/gpt-4o"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Access denied due to invalid subscription key", error.GetProperty("message").GetString());
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("az", JsonDocument.Parse(body).RootElement.GetProperty("provider").GetString());
        Assert.DoesNotContain(AzureUpstreamFixture.AzureKey, body);
    }

    [Fact]
    public async Task UnknownDeployment_Returns404_WithAzuresCode()
    {
        var client = await ReadyClientAsync();
        _fake.Deployments = ["gpt4o-prod"];
        using var response = await client.SendAsync(Chat(Body("@az/gpt-35-turbo"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("DeploymentNotFound", error.GetProperty("code").GetString());
        Assert.StartsWith("The API deployment for this resource does not exist.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Upstream429_KeepsStatusAndRetryAfter_AndIsRecorded()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        _fake.EnqueueFault(FakeFault.Status(429, "Requests to the ChatCompletions_Create Operation have exceeded call rate limit.", "rate_limit_error", "429", retryAfterSeconds: 7));
        using var response = await client.SendAsync(Chat(Body("@az/gpt-4o"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.TooManyRequests);
        Assert.StartsWith("Requests to the ChatCompletions_Create Operation", error.GetProperty("message").GetString());
        Assert.Equal("7", response.Headers.RetryAfter?.ToString());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(429, usageEvent.Status);
        Assert.Equal("az", usageEvent.Provider);
    }

    [Fact]
    public async Task Hang_Returns504_AndStreamDrop_EndsWithTheTerminalErrorAndPartialUsage()
    {
        var client = await ReadyClientAsync();
        _fake.EnqueueFault(FakeFault.Hang());
        using var hung = await client.SendAsync(Chat(Body("@az/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        var timeout = await AssertErrorAsync(hung, HttpStatusCode.GatewayTimeout);
        Assert.Equal("upstream_timeout", timeout.GetProperty("code").GetString());

        var traceId = NewTrace();
        _fake.EnqueueFault(FakeFault.DropAfter(3));
        using var response = await client.SendAsync(
            Chat(Body("@az/gpt-4o", "one two three four", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal(3 + 2, events.Count);
        var terminal = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal("upstream_stream_error", terminal.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("az", terminal.GetProperty("provider").GetString());
        Assert.Equal("[DONE]", events[^1]);
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("upstream_stream_error", usageEvent.ErrorType);
        Assert.True(usageEvent.CompletionTokens > 0);
    }

    [Fact]
    public async Task NoResourceNameNorBaseUrl_Returns502ProviderMisconfigured_AndDeadResource_Returns502Unreachable()
    {
        var client = await ReadyClientAsync();
        var before = _fake.RequestCount;
        using var misconfigured = await client.SendAsync(Chat(Body("@az-nores/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        var error = await AssertErrorAsync(misconfigured, HttpStatusCode.BadGateway);
        Assert.Equal("provider_misconfigured", error.GetProperty("code").GetString());
        Assert.Contains("resource_name", error.GetProperty("message").GetString());
        Assert.Equal(before, _fake.RequestCount);

        using var dead = await client.SendAsync(Chat(Body("@az-dead/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        Assert.Equal("upstream_unreachable", (await AssertErrorAsync(dead, HttpStatusCode.BadGateway)).GetProperty("code").GetString());
    }

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
