using System.Net;
using System.Text;
using System.Text.Json;

namespace DataPlane.Tests;

public sealed class ChatCompletionsServiceTests(DataPlaneFactory factory) : ServiceTestBase(factory), IClassFixture<DataPlaneFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_WithRedisDown_IsHealthyFromDiskSnapshot()
    {
        var client = await ReadyClientAsync();
        using var response = await client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NonStream_WithSlugInModel_Returns200WithEchoAndUsage()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@mock-shared/gpt-4o-mini", "What is 2+2?"), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = document.RootElement;
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString());
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("gpt-4o-mini", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("created").GetInt64() > 0);
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Mock response to: What is 2+2?", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = root.GetProperty("usage");
        var prompt = usage.GetProperty("prompt_tokens").GetInt32();
        var completion = usage.GetProperty("completion_tokens").GetInt32();
        Assert.True(prompt > 0);
        Assert.True(completion > 0);
        Assert.Equal(prompt + completion, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Response_CarriesPortkeyHeaders_AndEchoesTraceId()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(
            Chat(Body("@mock-shared/m"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", "trace-abc-123"), ("x-portkey-unknown-thing", "ignored")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("trace-abc-123", Header(response, "x-portkey-trace-id"));
        Assert.Equal("mock-shared", Header(response, "x-portkey-provider"));
        Assert.Equal("DISABLED", Header(response, "x-portkey-cache-status"));
        Assert.Equal("0", Header(response, "x-portkey-retry-attempt-count"));
    }

    [Fact]
    public async Task Response_WithoutTraceId_GeneratesOne()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@mock-shared/m"), TestSnapshot.CompletionKey), Ct);
        Assert.True(Guid.TryParse(Header(response, "x-portkey-trace-id"), out _));
    }

    [Fact]
    public async Task ProviderHeader_WithPlainModel_RoutesToSlug()
    {
        var client = await ReadyClientAsync();
        using var withAt = await client.SendAsync(Chat(Body("plain-model"), TestSnapshot.CompletionKey, ("x-portkey-provider", "@mock-a")), Ct);
        using var withoutAt = await client.SendAsync(Chat(Body("plain-model"), TestSnapshot.CompletionKey, ("x-portkey-provider", "mock-a")), Ct);

        Assert.Equal(HttpStatusCode.OK, withAt.StatusCode);
        Assert.Equal("mock-a", Header(withAt, "x-portkey-provider"));
        Assert.Equal(HttpStatusCode.OK, withoutAt.StatusCode);
    }

    [Fact]
    public async Task Stream_WithIncludeUsage_SendsRoleContentStopUsageAndDone()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(
            Chat(Body("@mock-shared/gpt-4o", "tell me a story", stream: true, includeUsage: true), TestSnapshot.CompletionKey),
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseSse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());

        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.True(usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);

        var stop = chunks[^2];
        Assert.Equal("stop", stop.GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        var contentChunks = chunks[1..^2];
        Assert.True(contentChunks.Count >= 2);
        var text = string.Concat(contentChunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal("Mock response to: tell me a story", text);
    }

    [Fact]
    public async Task Stream_WithoutIncludeUsage_SendsNoUsageChunk()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@mock-shared/gpt-4o", stream: true), TestSnapshot.CompletionKey), Ct);
        var events = ParseSse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events[..^1], e => JsonDocument.Parse(e).RootElement.TryGetProperty("usage", out _));
        Assert.Equal("stop", JsonDocument.Parse(events[^2]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task StreamAndNonStream_SameRequest_SameContent()
    {
        var client = await ReadyClientAsync();
        using var plain = await client.SendAsync(Chat(Body("@mock-shared/m", "  spaced   words here "), TestSnapshot.CompletionKey), Ct);
        using var streamed = await client.SendAsync(Chat(Body("@mock-shared/m", "  spaced   words here ", stream: true), TestSnapshot.CompletionKey), Ct);

        var content = JsonDocument.Parse(await plain.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        var events = ParseSse(await streamed.Content.ReadAsStringAsync(Ct));
        var deltas = string.Concat(events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : ""));
        Assert.Equal(content, deltas);
    }

    [Fact]
    public async Task MissingKey_Returns401()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@mock-shared/m")), Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("missing_api_key", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownKey_Returns401()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@mock-shared/m"), "pk-not-a-real-key"), Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ExpiredKey_Returns401()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@mock-shared/m"), TestSnapshot.ExpiredKey), Ct);
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BearerKey_IsAccepted()
    {
        var client = await ReadyClientAsync();
        using var request = Chat(Body("@mock-shared/m"));
        request.Headers.Authorization = Bearer(TestSnapshot.CompletionKey);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task KeyWithoutCompletionsScope_Returns403()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@mock-shared/m"), TestSnapshot.NoScopeKey), Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("completions.write", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnknownSlug_Returns404()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@no-such-provider/m"), TestSnapshot.CompletionKey), Ct);
        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OtherWorkspacesProvider_Returns404_ButOrgKeySeesIt()
    {
        var client = await ReadyClientAsync();
        using var workspaceKey = await client.SendAsync(Chat(Body("@mock-b/m"), TestSnapshot.CompletionKey), Ct);
        using var orgKey = await client.SendAsync(Chat(Body("@mock-b/m"), TestSnapshot.OrgKey), Ct);

        await AssertErrorAsync(workspaceKey, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, orgKey.StatusCode);
    }

    [Fact]
    public async Task ModelOutsideAllowList_Returns403_AndAllowedMultiSlashModelPasses()
    {
        var client = await ReadyClientAsync();
        using var denied = await client.SendAsync(Chat(Body("@mock-limited/gpt-4o"), TestSnapshot.CompletionKey), Ct);
        using var allowed = await client.SendAsync(Chat(Body("@mock-limited/other/model"), TestSnapshot.CompletionKey), Ct);

        await AssertErrorAsync(denied, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var model = JsonDocument.Parse(await allowed.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("model").GetString();
        Assert.Equal("other/model", model);
    }

    [Fact]
    public async Task ProviderKindWithoutAdapter_Returns400NotSupportedYet()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@future-prod/some-model"), TestSnapshot.CompletionKey), Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("provider kind 'future-kind' is not supported yet", error.GetProperty("message").GetString());
        Assert.DoesNotContain(TestSnapshot.ProviderSecret, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("{\"model\": \"@mock-shared/m\", \"messages\": [", "invalid_json")]
    [InlineData("{\"model\": \"@mock-shared/m\", \"messages\": [{\"role\":\"user\",\"content\":\"x\"}]} trailing", "invalid_json")]
    [InlineData("[1,2]", null)]
    [InlineData("{\"messages\": [{\"role\":\"user\",\"content\":\"x\"}]}", null)]
    [InlineData("{\"model\": \"@mock-shared/m\"}", null)]
    [InlineData("{\"model\": \"@mock-shared/m\", \"messages\": []}", null)]
    [InlineData("{\"model\": \"@mock-shared/m\", \"messages\": \"hi\"}", null)]
    [InlineData("{\"model\": \"gpt-4o\", \"messages\": [{\"role\":\"user\",\"content\":\"x\"}]}", "provider_missing")]
    [InlineData("{\"model\": \"@mock-shared\", \"messages\": [{\"role\":\"user\",\"content\":\"x\"}]}", null)]
    public async Task InvalidBody_Returns400(string json, string? code)
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"a\"]")]
    [InlineData("{\"user\": 42}")]
    public async Task InvalidMetadataHeader_Returns400(string metadata)
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@mock-shared/m"), TestSnapshot.CompletionKey, ("x-portkey-metadata", metadata)), Ct);
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("x-portkey-metadata", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task BodyOverLimit_Returns413()
    {
        var client = await ReadyClientAsync();
        var big = Body("@mock-shared/m", new string('x', (int)DataPlaneFactory.MaxBodyBytes));
        using var response = await client.SendAsync(Chat(big, TestSnapshot.CompletionKey), Ct);
        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ChunkedBodyOverLimit_Returns413()
    {
        var client = await ReadyClientAsync();
        var bytes = Encoding.UTF8.GetBytes(Body("@mock-shared/m", new string('x', (int)DataPlaneFactory.MaxBodyBytes)));
        using var request = Chat("{}", TestSnapshot.CompletionKey);
        // No Content-Length: the limit must hold while reading, not only from the header.
        request.Content = new StreamContent(new MemoryStream(bytes));
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request, Ct);
        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task UnknownRoute_Returns404InOpenAiShape()
    {
        var client = await ReadyClientAsync();
        using var response = await client.GetAsync("/v1/nothing-here", Ct);
        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethod_Returns405InOpenAiShape()
    {
        var client = await ReadyClientAsync();
        using var response = await client.GetAsync("/v1/chat/completions", Ct);
        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Success_EnqueuesUsageEventWithRequestFacts()
    {
        var client = await ReadyClientAsync();
        var traceId = "usage-" + Guid.NewGuid().ToString("N");
        using var response = await client.SendAsync(Chat(Body("@mock-a/gpt-4o", "count me"), TestSnapshot.CompletionKey,
            ("x-portkey-trace-id", traceId), ("x-portkey-metadata", "{\"env\":\"prod\",\"_user\":\"u-1\"}")), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("usage");

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.NotEqual(Guid.Empty, usageEvent.EventId);
        Assert.Equal(TestSnapshot.CompletionKeyId, usageEvent.ApiKeyId);
        Assert.Equal(TestSnapshot.WorkspaceA, usageEvent.WorkspaceId);
        Assert.Equal("mock-a", usageEvent.Provider);
        Assert.Equal("mock", usageEvent.AiProvider);
        Assert.Equal("gpt-4o", usageEvent.Model);
        Assert.Equal("/v1/chat/completions", usageEvent.Path);
        Assert.Equal(200, usageEvent.Status);
        Assert.Null(usageEvent.ErrorType);
        Assert.False(usageEvent.Stream);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), usageEvent.CompletionTokens);
        Assert.Equal(0m, usageEvent.CostUsd);
        Assert.True(usageEvent.PriceKnown);
        Assert.Equal("DISABLED", usageEvent.CacheStatus);
        Assert.True(usageEvent.LatencyMs >= 0);
        Assert.True(DateTimeOffset.UtcNow - usageEvent.Timestamp < TimeSpan.FromMinutes(1));
        // Request metadata wins over the key's defaults; the other defaults stay.
        Assert.Equal("prod", usageEvent.Metadata["env"]);
        Assert.Equal("core", usageEvent.Metadata["team"]);
        Assert.Equal("u-1", usageEvent.Metadata["_user"]);
    }

    [Fact]
    public async Task Stream_EnqueuesUsageEventWithTokensAndTimeToFirstToken()
    {
        var client = await ReadyClientAsync();
        var traceId = "usage-stream-" + Guid.NewGuid().ToString("N");
        using var response = await client.SendAsync(Chat(Body("@mock-shared/m", "stream me", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);
        await response.Content.ReadAsStringAsync(Ct);

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.True(usageEvent.Stream);
        Assert.Equal(200, usageEvent.Status);
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.True(usageEvent.CompletionTokens > 0);
        Assert.NotNull(usageEvent.TtftMs);
    }

    [Fact]
    public async Task ErrorAfterAuth_EnqueuesUsageEventWithStatus()
    {
        var client = await ReadyClientAsync();
        var traceId = "usage-error-" + Guid.NewGuid().ToString("N");
        using var response = await client.SendAsync(Chat(Body("@no-such/m"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(404, usageEvent.Status);
        Assert.Equal("provider_not_found", usageEvent.ErrorType);
        Assert.Null(usageEvent.Provider);
        Assert.Equal(0, usageEvent.PromptTokens);
    }

    [Fact]
    public async Task Models_ListsAllowListsAndCatalogModelsOfVisibleProviders()
    {
        var client = await ReadyClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = Bearer(TestSnapshot.CompletionKey);
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        var ids = root.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        // An allow-list is listed as it is; a provider without one lists the price catalog's models for its kind.
        Assert.Equal(["@mock-limited/allowed-model", "@mock-limited/other/model"], ids.Where(id => id.StartsWith("@mock-limited/", StringComparison.Ordinal)));
        Assert.Contains("@openai-prod/gpt-4o-mini", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("@mock-b/", StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static List<string> ParseSse(string text)
    {
        // Every event is exactly "data: <payload>\n\n".
        Assert.EndsWith("\n\n", text);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        return events.Select(e => e["data: ".Length..]).ToList();
    }
}
