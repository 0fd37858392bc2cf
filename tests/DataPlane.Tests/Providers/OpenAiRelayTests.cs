using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers;

/// <summary>The OpenAI family through the real DataPlane against a fake upstream speaking OpenAI's wire format.</summary>
public sealed class OpenAiRelayTests(OpenAiUpstreamFixture fixture) : ServiceTestBase(fixture.Factory), IClassFixture<OpenAiUpstreamFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeOpenAiServer Fake => fixture.Fake;

    [Fact]
    public async Task Chat_NonStream_SendsClientFieldsUnchangedWithTargetModel_AndRelaysAnswer()
    {
        var client = await ReadyClientAsync();
        const string json = """
            {"model":"@oa/gpt-4o-mini","temperature":0.3,"top_p":0.9,"max_tokens":50,"stop":["\n\n"],"user":"u-42",
             "messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Héllo \"there\""}]}
            """;
        var traceId = NewTrace();
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId), ("x-portkey-sdk-version", "1.2.3")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Fake.LastRequest!;
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("Bearer " + OpenAiUpstreamFixture.OpenAiKey, sent.Header("authorization"));
        Assert.Null(sent.Header("x-portkey-api-key"));
        Assert.Null(sent.Header("x-portkey-sdk-version"));
        Assert.Equal("gpt-4o-mini", sent.Json.GetProperty("model").GetString());
        // Everything but the model is exactly what the client sent.
        using var original = JsonDocument.Parse(json);
        foreach (var property in original.RootElement.EnumerateObject().Where(p => p.Name != "model"))
        {
            Assert.Equal(property.Value.GetRawText(), sent.Json.GetProperty(property.Name).GetRawText());
        }

        Assert.False(sent.Json.TryGetProperty("stream_options", out _));
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("Echo: Héllo \"there\"", root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("oa", Header(response, "x-portkey-provider"));

        var usageEvent = await WaitForUsageEventAsync(traceId);
        var usage = root.GetProperty("usage");
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("oa", usageEvent.Provider);
        Assert.Equal("openai", usageEvent.AiProvider);
        Assert.Equal("gpt-4o-mini", usageEvent.Model);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), usageEvent.CompletionTokens);
        Assert.True(usageEvent.UpstreamLatencyMs >= 0);
    }

    [Fact]
    public async Task Chat_NonStream_RecordsCachedTokens()
    {
        var client = await ReadyClientAsync();
        Fake.CachedTokens = 7;
        try
        {
            var traceId = NewTrace();
            using var response = await client.SendAsync(Chat(Body("@oa/gpt-4o"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(7, (await WaitForUsageEventAsync(traceId)).CachedTokens);
        }
        finally
        {
            Fake.CachedTokens = 0;
        }
    }

    [Fact]
    public async Task Chat_ProviderHeaderWithPlainModel_SendsTheClientsBytesUnchanged()
    {
        var client = await ReadyClientAsync();
        const string json = """{"model":"gpt-4o-mini",  "messages":[{"role":"user","content":"as is"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey, ("x-portkey-provider", "@oa")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(json, Fake.LastRequest!.BodyText);
    }

    [Fact]
    public async Task Chat_Stream_RelaysEachChunkAndDone_AndDropsTheUsageChunkTheClientDidNotAskFor()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Chat(Body("@oa/gpt-4o-mini", "one two three", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        // The gateway asked the upstream for usage on the client's behalf...
        Assert.True(Fake.LastRequest!.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        // ...and the client sees what OpenAI would have sent it: role, one chunk per word, finish, [DONE].
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal(1, c.GetProperty("choices").GetArrayLength()));
        Assert.Equal(1 + 4 + 1, chunks.Count); // "Echo:", " one", " two", " three"
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("Echo: one two three", text);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.True(usageEvent.Stream);
        Assert.Equal(200, usageEvent.Status);
        Assert.Null(usageEvent.ErrorType);
        Assert.Equal(4, usageEvent.CompletionTokens); // the fake's count: one per content piece
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.NotNull(usageEvent.TtftMs);
    }

    [Fact]
    public async Task Chat_Stream_WithIncludeUsage_RelaysTheUsageChunk()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Chat(Body("@oa/gpt-4o-mini", "count this", stream: true, includeUsage: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        var usageChunk = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.GetProperty("usage");
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), usageEvent.CompletionTokens);
    }

    [Fact]
    public async Task Chat_Stream_WithOtherStreamOptions_KeepsThemAndAddsIncludeUsage()
    {
        var client = await ReadyClientAsync();
        const string json = """{"stream_options":{"include_obfuscation":false},"model":"@oa/gpt-4o","stream":true,"messages":[{"role":"user","content":"x"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);
        await response.Content.ReadAsStringAsync(Ct);

        var options = Fake.LastRequest!.Json.GetProperty("stream_options");
        Assert.False(options.GetProperty("include_obfuscation").GetBoolean());
        Assert.True(options.GetProperty("include_usage").GetBoolean());
        Assert.Equal("gpt-4o", Fake.LastRequest.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Tools_NonStream_ToolCallsAndToolResultsPassThroughBothWays()
    {
        var client = await ReadyClientAsync();
        const string tools = """[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]""";
        var first = $$"""{"model":"@oa/gpt-4o","tools":{{tools}},"tool_choice":"auto","messages":[{"role":"user","content":"Weather in Paris?"}]}""";
        using var response = await client.SendAsync(Chat(first, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(tools, Fake.LastRequest!.Json.GetProperty("tools").GetRawText());
        var choice = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(Fake.ToolArguments, call.GetProperty("function").GetProperty("arguments").GetString());

        var callId = call.GetProperty("id").GetString();
        var second = $$"""
            {"model":"@oa/gpt-4o","tools":{{tools}},"messages":[{"role":"user","content":"Weather in Paris?"},
             {"role":"assistant","content":null,"tool_calls":[{{call.GetRawText()}}]},
             {"role":"tool","tool_call_id":"{{callId}}","content":"18°C and sunny"}]}
            """;
        using var answer = await client.SendAsync(Chat(second, TestSnapshot.CompletionKey), Ct);

        var sentTool = Fake.LastRequest!.Json.GetProperty("messages")[2];
        Assert.Equal(callId, sentTool.GetProperty("tool_call_id").GetString());
        var content = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal("Tool said: 18°C and sunny", content);
    }

    [Fact]
    public async Task Tools_Stream_RelaysToolCallDeltas()
    {
        var client = await ReadyClientAsync();
        const string json = """{"model":"@oa/gpt-4o","stream":true,"tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"go"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        var deltas = events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0]).ToList();
        var calls = deltas.Where(d => d.GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(d => d.GetProperty("delta").GetProperty("tool_calls")[0]).ToList();
        Assert.Equal("lookup", calls[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(Fake.ToolArguments, string.Concat(calls.Select(c => c.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("tool_calls", deltas[^1].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData("""{"type":"json_object"}""")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}}}""")]
    public async Task JsonMode_ResponseFormatPassesThrough_AndAnswerIsJson(string responseFormat)
    {
        var client = await ReadyClientAsync();
        var json = $$"""{"model":"@oa/gpt-4o","response_format":{{responseFormat}},"messages":[{"role":"system","content":"Answer in JSON."},{"role":"user","content":"6*7?"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(responseFormat, Fake.LastRequest!.Json.GetProperty("response_format").GetRawText());
        var content = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("42", JsonDocument.Parse(content).RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task ImageContentParts_PassThroughUnchanged()
    {
        var client = await ReadyClientAsync();
        const string message = """{"role":"user","content":[{"type":"text","text":"Caption this image"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}""";
        using var response = await client.SendAsync(Chat($$"""{"model":"@oa/gpt-4o","messages":[{{message}}]}""", TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, Fake.LastRequest!.Json.GetProperty("messages")[0].GetRawText());
    }

    [Fact]
    public async Task Completions_NonStreamAndStream_AreRelayedWithUsage()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var plain = await client.SendAsync(
            Post("/v1/completions", """{"model":"@oa/gpt-3.5-turbo-instruct","prompt":"Say this is a test","max_tokens":7}""", TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("/v1/completions", Fake.LastRequest!.Path);
        var root = JsonDocument.Parse(await plain.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("text_completion", root.GetProperty("object").GetString());
        Assert.Equal("Echo: Say this is a test", root.GetProperty("choices")[0].GetProperty("text").GetString());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("/v1/completions", usageEvent.Path);
        Assert.Equal(root.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), usageEvent.CompletionTokens);

        using var stream = await client.SendAsync(
            Post("/v1/completions", """{"model":"@oa/gpt-3.5-turbo-instruct","prompt":"a b","stream":true}""", TestSnapshot.CompletionKey),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await stream.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("Echo: a b", string.Concat(events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("text").GetString())));
    }

    [Theory]
    [InlineData("float")]
    [InlineData("base64")]
    public async Task Embeddings_AreRelayedWithUsage(string encoding)
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        var json = $$"""{"model":"@oa/text-embedding-3-small","input":["first text","second text"],"encoding_format":"{{encoding}}"}""";
        using var response = await client.SendAsync(Post("/v1/embeddings", json, TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/v1/embeddings", Fake.LastRequest!.Path);
        Assert.Equal("text-embedding-3-small", Fake.LastRequest.Json.GetProperty("model").GetString());
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(2, root.GetProperty("data").GetArrayLength());
        var embedding = root.GetProperty("data")[0].GetProperty("embedding");
        Assert.Equal(encoding == "base64" ? JsonValueKind.String : JsonValueKind.Array, embedding.ValueKind);

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("/v1/embeddings", usageEvent.Path);
        Assert.Equal(root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(0, usageEvent.CompletionTokens);
    }

    [Fact]
    public async Task Images_AreRelayed_AndGptImageUsageIsRecorded()
    {
        var client = await ReadyClientAsync();
        using var dalle = await client.SendAsync(
            Post("/v1/images/generations", """{"model":"@oa/dall-e-3","prompt":"a red fox","n":1,"size":"1024x1024"}""", TestSnapshot.CompletionKey), Ct);
        Assert.Equal(HttpStatusCode.OK, dalle.StatusCode);
        Assert.Equal("/v1/images/generations", Fake.LastRequest!.Path);
        Assert.StartsWith("https://", JsonDocument.Parse(await dalle.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("data")[0].GetProperty("url").GetString());

        var traceId = NewTrace();
        using var gptImage = await client.SendAsync(
            Post("/v1/images/generations", """{"model":"@oa/gpt-image-1","prompt":"a red fox in snow"}""", TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);
        var root = JsonDocument.Parse(await gptImage.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(JsonValueKind.String, root.GetProperty("data")[0].GetProperty("b64_json").ValueKind);
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("/v1/images/generations", usageEvent.Path);
        Assert.Equal(root.GetProperty("usage").GetProperty("input_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(root.GetProperty("usage").GetProperty("output_tokens").GetInt32(), usageEvent.CompletionTokens);
    }

    [Theory]
    [InlineData("/v1/images/generations", """{"model":"@mistral-x/some-model","prompt":"a fox"}""", "mistral-ai")]
    [InlineData("/v1/embeddings", """{"model":"@mock-shared/some-model","input":"x"}""", "mock")]
    public async Task OperationTheKindDoesNotOffer_Returns400WithoutCallingUpstream(string path, string json, string kind)
    {
        var client = await ReadyClientAsync();
        var before = Fake.RequestCount;
        using var response = await client.SendAsync(Post(path, json, TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("operation_not_supported", error.GetProperty("code").GetString());
        Assert.Equal($"Provider kind '{kind}' does not support {path}.", error.GetProperty("message").GetString());
        Assert.Equal(before, Fake.RequestCount);
    }

    [Fact]
    public async Task Preset_GroqWithBaseUrlOverride_GoesThereWithBearerKey()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@groq-x/llama-3.3-70b-versatile"), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/openai/v1/chat/completions", Fake.LastRequest!.Path);
        Assert.Equal("Bearer " + OpenAiUpstreamFixture.GroqKey, Fake.LastRequest.Header("authorization"));
        Assert.Equal("llama-3.3-70b-versatile", Fake.LastRequest.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Preset_OpenAiCompatibleWithoutKey_SendsNoAuthorization()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@local-llm/meta-llama/Llama-3.1-8B-Instruct"), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/v1/chat/completions", Fake.LastRequest!.Path);
        Assert.Null(Fake.LastRequest.Header("authorization"));
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", Fake.LastRequest.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Preset_OpenAiCompatibleWithoutBaseUrl_Returns502Misconfigured()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@compat-nobase/m"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("provider_misconfigured", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Stream_FromKindWithoutStreamOptions_CountsUsageWithTokenizer()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        const string userText = "Please summarise the following paragraph about the history of tea in three sentences.";
        using var response = await client.SendAsync(
            Chat(Body("@mistral-x/mistral-small-latest", userText, stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        // Mistral's preset does not take stream_options: none sent, none came back.
        Assert.False(Fake.LastRequest!.Json.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object);
        Assert.DoesNotContain(events[..^1], e => JsonDocument.Parse(e).RootElement.TryGetProperty("usage", out _));
        var usageEvent = await WaitForUsageEventAsync(traceId);
        // "Echo: " + 14 words ≈ 17 o200k tokens; the prompt ≈ 3 + (3 + 1 + 3) + (3 + 1 + 17) ≈ 31.
        Assert.InRange(usageEvent.CompletionTokens, 12, 24);
        Assert.InRange(usageEvent.PromptTokens, 20, 45);
        Assert.Null(usageEvent.ErrorType);
    }

    [Fact]
    public async Task NonStream_WithoutUpstreamUsage_CountsUsageWithTokenizer()
    {
        var client = await ReadyClientAsync();
        Fake.OmitUsage = true;
        try
        {
            var traceId = NewTrace();
            using var response = await client.SendAsync(Chat(Body("@local-llm/some-model", "Hello world, how are you today?"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.TryGetProperty("usage", out _));

            var usageEvent = await WaitForUsageEventAsync(traceId);
            // "Echo: Hello world, how are you today?" is 10 o200k tokens.
            Assert.InRange(usageEvent.CompletionTokens, 8, 12);
            Assert.InRange(usageEvent.PromptTokens, 15, 30);
        }
        finally
        {
            Fake.OmitUsage = false;
        }
    }

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
