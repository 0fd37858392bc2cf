using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers.Google;

/// <summary>The <c>google</c> adapter through the real DataPlane against a fake speaking Gemini's wire format.</summary>
public sealed class GeminiAdapterTests : ServiceTestBase, IClassFixture<GeminiUpstreamFixture>
{
    private const string WeatherTool = """
        [{"type":"function","function":{"name":"get_weather","description":"Current weather","strict":true,
          "parameters":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
            "properties":{"location":{"type":"string","format":"city"},"unit":{"type":["string","null"],"enum":["celsius","fahrenheit"]}},
            "required":["location"]}}}]
        """;

    private readonly FakeGeminiServer _fake;

    public GeminiAdapterTests(GeminiUpstreamFixture fixture)
        : base(fixture.Factory)
    {
        _fake = fixture.Fake;
        _fake.Reset();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_NonStream_TranslatesRequestAndAnswer_AndRecordsUsage()
    {
        var client = await ReadyClientAsync();
        _fake.RequiredApiKey = GeminiUpstreamFixture.GeminiKey;
        const string json = """
            {"model":"@gem/gemini-2.5-flash","temperature":0.3,"top_p":0.9,"max_tokens":50,"stop":"\n\n","seed":7,"user":"u-42",
             "presence_penalty":0,"frequency_penalty":0.5,
             "messages":[{"role":"system","content":"You are terse."},{"role":"developer","content":[{"type":"text","text":"Answer in English."}]},
                         {"role":"user","content":"Héllo \"there\""}]}
            """;
        var traceId = NewTrace();
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _fake.LastRequest!;
        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", sent.Path);
        Assert.Equal("", sent.Query);
        Assert.Equal(GeminiUpstreamFixture.GeminiKey, sent.Header("x-goog-api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.Null(sent.Header("x-portkey-api-key"));
        var system = sent.Json.GetProperty("systemInstruction").GetProperty("parts");
        Assert.Equal(["You are terse.", "Answer in English."], system.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
        var contents = sent.Json.GetProperty("contents");
        Assert.Equal(1, contents.GetArrayLength());
        Assert.Equal("user", contents[0].GetProperty("role").GetString());
        Assert.Equal("Héllo \"there\"", contents[0].GetProperty("parts")[0].GetProperty("text").GetString());
        var config = sent.Json.GetProperty("generationConfig");
        Assert.Equal(50, config.GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal(0.3, config.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, config.GetProperty("topP").GetDouble());
        Assert.Equal(7, config.GetProperty("seed").GetInt32());
        Assert.Equal(["\n\n"], config.GetProperty("stopSequences").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(0.5, config.GetProperty("frequencyPenalty").GetDouble());
        Assert.False(config.TryGetProperty("presencePenalty", out _)); // 0 is not sent: several Gemini models reject the field
        Assert.False(sent.Json.TryGetProperty("user", out _));
        Assert.False(sent.Json.TryGetProperty("messages", out _));

        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString());
        Assert.Equal("gemini-2.5-flash", root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Echo: Héllo \"there\"", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("gem", Header(response, "x-portkey-provider"));

        var usage = root.GetProperty("usage");
        Assert.Equal(3, usage.GetProperty("completion_tokens").GetInt32()); // the fake's count: one per word
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("gem", usageEvent.Provider);
        Assert.Equal("google", usageEvent.AiProvider);
        Assert.Equal("gemini-2.5-flash", usageEvent.Model);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(3, usageEvent.CompletionTokens);
    }

    [Fact]
    public async Task Chat_NonStream_CountsThoughtsAsCompletion_AndReportsCachedTokens()
    {
        var client = await ReadyClientAsync();
        _fake.CachedTokens = 5;
        _fake.ThoughtsTokens = 40;
        var traceId = NewTrace();
        using var response = await client.SendAsync(Chat(Body("@gem/gemini-2.5-pro", "one two"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("usage");
        Assert.Equal(3 + 40, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(5, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(43, usageEvent.CompletionTokens);
        Assert.Equal(5, usageEvent.CachedTokens);
    }

    [Fact]
    public async Task Chat_VersionedBaseUrlAndModelsPrefix_MakeOneVersionedPath()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@gem-v/models/gemini-2.0-flash"), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/v1beta/models/gemini-2.0-flash:generateContent", _fake.LastRequest!.Path);
    }

    [Fact]
    public async Task Chat_Stream_TranslatesEachEventIntoChunks_AndEndsWithDone()
    {
        var client = await ReadyClientAsync();
        _fake.ThoughtText = "Let me think about this.";
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Chat(Body("@gem/gemini-2.5-flash", "one two three", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent", _fake.LastRequest!.Path);
        Assert.Equal("?alt=sse", _fake.LastRequest.Query);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        var deltas = chunks.Select(c => c.GetProperty("choices")[0]).ToList();
        Assert.Equal("assistant", deltas[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(4 + 1, deltas.Count); // "Echo:", " one", " two", " three", then the finish chunk; the thought is not shown
        var text = string.Concat(deltas.Select(d => d.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("Echo: one two three", text);
        Assert.Equal("stop", deltas[^1].GetProperty("finish_reason").GetString());
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.True(usageEvent.Stream);
        Assert.Null(usageEvent.ErrorType);
        Assert.Equal(4, usageEvent.CompletionTokens); // from usageMetadata on the last event
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.NotNull(usageEvent.TtftMs);
    }

    [Fact]
    public async Task Chat_Stream_WithIncludeUsage_WritesTheUsageChunkBeforeDone()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Chat(Body("@gem/gemini-2.5-flash", "count this", stream: true, includeUsage: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal("[DONE]", events[^1]);
        var usageChunk = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.GetProperty("usage");
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(3, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(3, usageEvent.CompletionTokens);
    }

    [Fact]
    public async Task Tools_CallAndResult_RoundTripThroughGeminiFunctionCalling()
    {
        var client = await ReadyClientAsync();
        _fake.ThoughtSignature = "c2lnbmF0dXJlLWJ5dGVz";
        var first = $$"""{"model":"@gem/gemini-2.5-flash","tools":{{WeatherTool}},"tool_choice":"auto","messages":[{"role":"user","content":"Weather in Paris?"}]}""";
        using var response = await client.SendAsync(Chat(first, TestSnapshot.CompletionKey), Ct);

        var sent = _fake.LastRequest!.Json;
        var declaration = sent.GetProperty("tools")[0].GetProperty("functionDeclarations")[0];
        Assert.Equal("get_weather", declaration.GetProperty("name").GetString());
        Assert.Equal("Current weather", declaration.GetProperty("description").GetString());
        // Keys Gemini rejects are gone; the rest is kept, ["string","null"] became nullable.
        Assert.Equal(
            """{"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"],"nullable":true}},"required":["location"]}""",
            declaration.GetProperty("parameters").GetRawText());
        Assert.Equal("AUTO", sent.GetProperty("toolConfig").GetProperty("functionCallingConfig").GetProperty("mode").GetString());

        var choice = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.StartsWith("call_", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("location").GetString());

        var second = $$"""
            {"model":"@gem/gemini-2.5-flash","tools":{{WeatherTool}},"messages":[{"role":"user","content":"Weather in Paris?"},
             {"role":"assistant","content":null,"tool_calls":[{{call.GetRawText()}}]},
             {"role":"tool","tool_call_id":"{{call.GetProperty("id").GetString()}}","content":"18°C and sunny"}]}
            """;
        using var answer = await client.SendAsync(Chat(second, TestSnapshot.CompletionKey), Ct);

        var contents = _fake.LastRequest!.Json.GetProperty("contents");
        Assert.Equal(["user", "model", "user"], contents.EnumerateArray().Select(c => c.GetProperty("role").GetString()));
        var functionCallPart = contents[1].GetProperty("parts")[0];
        Assert.Equal("get_weather", functionCallPart.GetProperty("functionCall").GetProperty("name").GetString());
        Assert.Equal("Paris", functionCallPart.GetProperty("functionCall").GetProperty("args").GetProperty("location").GetString());
        // Gemini 3 requires the call's thought signature back; it travelled in the tool-call id.
        Assert.Equal("c2lnbmF0dXJlLWJ5dGVz", functionCallPart.GetProperty("thoughtSignature").GetString());
        var functionResponse = contents[2].GetProperty("parts")[0].GetProperty("functionResponse");
        Assert.Equal("get_weather", functionResponse.GetProperty("name").GetString());
        Assert.Equal("""{"content":"18°C and sunny"}""", functionResponse.GetProperty("response").GetRawText());
        var content = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal("""Tool said: {"content":"18°C and sunny"}""", content);
    }

    [Fact]
    public async Task Tools_Stream_WritesOneToolCallChunkWithWholeArguments()
    {
        var client = await ReadyClientAsync();
        var json = $$"""{"model":"@gem/gemini-2.5-flash","stream":true,"tools":{{WeatherTool}},"messages":[{"role":"user","content":"go"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal("[DONE]", events[^1]);
        var deltas = events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0]).ToList();
        Assert.Equal("assistant", deltas[0].GetProperty("delta").GetProperty("role").GetString());
        var calls = deltas.Where(d => d.GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(d => d.GetProperty("delta").GetProperty("tool_calls")[0]).ToList();
        var call = Assert.Single(calls);
        Assert.Equal(0, call.GetProperty("index").GetInt32());
        Assert.StartsWith("call_", call.GetProperty("id").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("celsius", JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("unit").GetString());
        Assert.Equal("tool_calls", deltas[^1].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData("\"required\"", "ANY", null)]
    [InlineData("\"none\"", "NONE", null)]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", "ANY", "get_weather")]
    public async Task ToolChoice_MapsToFunctionCallingConfig(string toolChoice, string mode, string? allowed)
    {
        var client = await ReadyClientAsync();
        var json = $$"""{"model":"@gem/gemini-2.5-flash","tools":{{WeatherTool}},"tool_choice":{{toolChoice}},"messages":[{"role":"user","content":"hi"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = _fake.LastRequest!.Json.GetProperty("toolConfig").GetProperty("functionCallingConfig");
        Assert.Equal(mode, config.GetProperty("mode").GetString());
        Assert.Equal(allowed, config.TryGetProperty("allowedFunctionNames", out var names) ? names[0].GetString() : null);
    }

    [Fact]
    public async Task JsonMode_JsonObject_SetsResponseMimeType()
    {
        var client = await ReadyClientAsync();
        const string json = """{"model":"@gem/gemini-2.5-flash","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"6*7?"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        var config = _fake.LastRequest!.Json.GetProperty("generationConfig");
        Assert.Equal("application/json", config.GetProperty("responseMimeType").GetString());
        Assert.False(config.TryGetProperty("responseSchema", out _));
        var content = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("42", JsonDocument.Parse(content).RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task JsonMode_JsonSchema_SendsTheCleanedSchema()
    {
        var client = await ReadyClientAsync();
        const string json = """
            {"model":"@gem/gemini-2.5-flash","messages":[{"role":"user","content":"6*7?"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":{
               "$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
               "properties":{"answer":{"$ref":"#/$defs/text"}},"required":["answer"],"$defs":{"text":{"type":"string","minLength":1}}}}}}
            """;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = _fake.LastRequest!.Json.GetProperty("generationConfig");
        Assert.Equal("application/json", config.GetProperty("responseMimeType").GetString());
        Assert.Equal(
            """{"type":"object","properties":{"answer":{"type":"string","minLength":1}},"required":["answer"]}""",
            config.GetProperty("responseSchema").GetRawText());
    }

    [Fact]
    public async Task Images_DataUrlBecomesInlineData_AndHttpUrlBecomesFileData()
    {
        var client = await ReadyClientAsync();
        const string json = """
            {"model":"@gem/gemini-2.5-flash","messages":[{"role":"user","content":[
              {"type":"text","text":"Caption these"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo+/A==","detail":"low"}},
              {"type":"image_url","image_url":{"url":"https://example.com/photos/cat.WEBP?size=large"}},
              {"type":"image_url","image_url":{"url":"https://example.com/render"}}]}]}
            """;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parts = _fake.LastRequest!.Json.GetProperty("contents")[0].GetProperty("parts");
        Assert.Equal(4, parts.GetArrayLength());
        Assert.Equal("Caption these", parts[0].GetProperty("text").GetString());
        Assert.Equal("""{"mimeType":"image/png","data":"iVBORw0KGgo+/A=="}""", parts[1].GetProperty("inlineData").GetRawText());
        Assert.Equal("""{"mimeType":"image/webp","fileUri":"https://example.com/photos/cat.WEBP?size=large"}""", parts[2].GetProperty("fileData").GetRawText());
        Assert.Equal("image/jpeg", parts[3].GetProperty("fileData").GetProperty("mimeType").GetString());
        // Base64 goes as it came: no \u002B escapes inflating megabytes of image data.
        Assert.Contains("iVBORw0KGgo+/A==", _fake.LastRequest.BodyText);
    }

    [Fact]
    public async Task GenerationConfig_MaxCompletionTokensWins_AndNBecomesCandidateCountWithOneChoiceEach()
    {
        var client = await ReadyClientAsync();
        const string json = """
            {"model":"@gem/gemini-2.5-flash","max_tokens":10,"max_completion_tokens":99,"n":2,"stop":["END","STOP"],
             "messages":[{"role":"user","content":"hi"}]}
            """;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        var config = _fake.LastRequest!.Json.GetProperty("generationConfig");
        Assert.Equal(99, config.GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal(2, config.GetProperty("candidateCount").GetInt32());
        Assert.Equal("""["END","STOP"]""", config.GetProperty("stopSequences").GetRawText());
        var choices = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices");
        Assert.Equal(2, choices.GetArrayLength());
        Assert.Equal([0, 1], choices.EnumerateArray().Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal("Echo: hi", choices[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("Echo: hi (1)", choices[1].GetProperty("message").GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("SAFETY", "content_filter")]
    [InlineData("RECITATION", "content_filter")]
    [InlineData("STOP", "stop")]
    public async Task FinishReason_IsMappedToOpenAis(string geminiReason, string openAiReason)
    {
        var client = await ReadyClientAsync();
        _fake.FinishReason = geminiReason;
        using var plain = await client.SendAsync(Chat(Body("@gem/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct);
        using var stream = await client.SendAsync(Chat(Body("@gem/gemini-2.5-flash", stream: true), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(openAiReason, JsonDocument.Parse(await plain.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var events = await new SseReader(await stream.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        Assert.Equal(openAiReason, JsonDocument.Parse(events[^2]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task PromptBlocked_AnswersContentFilterWithEmptyContent_StreamedOrNot()
    {
        var client = await ReadyClientAsync();
        _fake.BlockReason = "SAFETY";
        var traceId = NewTrace();
        using var plain = await client.SendAsync(Chat(Body("@gem/gemini-2.5-flash"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);
        using var stream = await client.SendAsync(Chat(Body("@gem/gemini-2.5-flash", stream: true), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var choice = JsonDocument.Parse(await plain.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("", choice.GetProperty("message").GetProperty("content").GetString());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.Equal(0, usageEvent.CompletionTokens);

        var events = await new SseReader(await stream.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        Assert.Equal(["assistant", null], events[..^1].Select(e =>
            JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("role", out var r) ? r.GetString() : null));
        Assert.Equal("content_filter", JsonDocument.Parse(events[^2]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("[DONE]", events[^1]);
    }

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
