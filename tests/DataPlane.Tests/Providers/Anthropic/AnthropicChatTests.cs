using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers.Anthropic;

/// <summary>Non-streamed chat through the real DataPlane to a fake speaking Anthropic's Messages API.</summary>
public sealed class AnthropicChatTests(AnthropicUpstreamFixture fixture) : ServiceTestBase(fixture.Factory), IClassFixture<AnthropicUpstreamFixture>
{
    private const string WeatherTool =
        """{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeAnthropicServer Fake => fixture.Fake;

    [Fact]
    public async Task Chat_NonStream_SendsMessagesApiRequest_AndAnswersInOpenAiShape()
    {
        var client = await ReadyClientAsync();
        const string json = """
            {"model":"@claude/claude-sonnet-4-5","messages":[
              {"role":"system","content":"You are terse."},
              {"role":"developer","content":[{"type":"text","text":"Answer in English."}]},
              {"role":"user","content":"Héllo \"there\""}]}
            """;
        var traceId = NewTrace();
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Fake.LastRequest!;
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal(AnthropicUpstreamFixture.AnthropicKey, sent.Header("x-api-key"));
        Assert.Equal("2023-06-01", sent.Header("anthropic-version"));
        Assert.Null(sent.Header("authorization"));
        Assert.Null(sent.Header("anthropic-beta"));
        Assert.Equal("claude-sonnet-4-5", sent.Json.GetProperty("model").GetString());
        Assert.Equal(4096, sent.Json.GetProperty("max_tokens").GetInt32());
        Assert.False(sent.Json.TryGetProperty("stream", out _));
        Assert.Equal("""[{"type":"text","text":"You are terse."},{"type":"text","text":"Answer in English."}]""", sent.Json.GetProperty("system").GetRawText());
        Assert.Equal("""[{"role":"user","content":[{"type":"text","text":"Héllo \"there\""}]}]""", sent.Json.GetProperty("messages").GetRawText());

        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-msg_", root.GetProperty("id").GetString());
        Assert.Equal("claude-sonnet-4-5", root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Echo: Héllo \"there\"", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("claude", Header(response, "x-portkey-provider"));

        var usage = root.GetProperty("usage");
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("claude", usageEvent.Provider);
        Assert.Equal("anthropic", usageEvent.AiProvider);
        Assert.Equal("claude-sonnet-4-5", usageEvent.Model);
        Assert.Equal(3, usage.GetProperty("completion_tokens").GetInt32()); // the fake's count: one per word
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(3, usageEvent.CompletionTokens);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 3, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Chat_MapsSamplingFields_AndDropsWhatAnthropicDoesNotKnow()
    {
        var client = await ReadyClientAsync();
        // frequency_penalty, seed, logprobs… would make the real API answer 400 "Extra inputs are not permitted".
        const string json = """
            {"model":"@claude/claude-haiku-4-5","temperature":1.6,"top_p":0.9,"max_completion_tokens":50,"stop":"\n\n","user":"u-42",
             "frequency_penalty":0.5,"presence_penalty":0.1,"seed":7,"logprobs":false,"stream_options":null,"store":false,
             "messages":[{"role":"user","content":"hi"}]}
            """;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Fake.LastRequest!.Json;
        Assert.Equal(1.0, sent.GetProperty("temperature").GetDouble()); // OpenAI's 0–2 clamped to Anthropic's 0–1
        Assert.Equal(0.9, sent.GetProperty("top_p").GetDouble());
        Assert.Equal(50, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal("""["\n\n"]""", sent.GetProperty("stop_sequences").GetRawText());
        Assert.Equal("u-42", sent.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.Equal(
            ["max_tokens", "messages", "metadata", "model", "stop_sequences", "temperature", "top_p"],
            sent.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Chat_StopArrayAndMaxTokens_MapToStopSequencesAndFinishReasons()
    {
        var client = await ReadyClientAsync();
        using var stopped = await client.SendAsync(Chat(
            """{"model":"@claude/claude-haiku-4-5","max_tokens":100,"stop":["three","never"],"messages":[{"role":"user","content":"one two three four"}]}""",
            TestSnapshot.CompletionKey), Ct);

        Assert.Equal("""["three","never"]""", Fake.LastRequest!.Json.GetProperty("stop_sequences").GetRawText());
        Assert.Equal(100, Fake.LastRequest.Json.GetProperty("max_tokens").GetInt32());
        var choice = JsonDocument.Parse(await stopped.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("Echo: one two ", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());

        using var cut = await client.SendAsync(Chat(
            """{"model":"@claude/claude-haiku-4-5","max_tokens":2,"messages":[{"role":"user","content":"one two three four"}]}""",
            TestSnapshot.CompletionKey), Ct);
        choice = JsonDocument.Parse(await cut.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("Echo: one", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Chat_ConsecutiveMessagesOfOneRole_AreMergedIntoOneTurn()
    {
        var client = await ReadyClientAsync();
        const string json = """
            {"model":"@claude/claude-haiku-4-5","messages":[
              {"role":"user","content":"first"},{"role":"user","content":[{"type":"text","text":"second"}]},
              {"role":"assistant","content":"ok"},{"role":"assistant","content":""},{"role":"assistant","content":"more"},
              {"role":"system","content":"late system"},{"role":"user","content":"third"}]}
            """;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Fake.LastRequest!.Json;
        Assert.Equal("""[{"type":"text","text":"late system"}]""", sent.GetProperty("system").GetRawText());
        Assert.Equal(
            """[{"role":"user","content":[{"type":"text","text":"first"},{"type":"text","text":"second"}]},{"role":"assistant","content":[{"type":"text","text":"ok"},{"type":"text","text":"more"}]},{"role":"user","content":[{"type":"text","text":"third"}]}]""",
            sent.GetProperty("messages").GetRawText());
    }

    [Fact]
    public async Task Chat_CachedInputTokens_CountInThePromptAndAsCached()
    {
        var client = await ReadyClientAsync();
        Fake.CacheReadTokens = 40;
        Fake.CacheCreationTokens = 10;
        try
        {
            var traceId = NewTrace();
            using var response = await client.SendAsync(Chat(Body("@claude/claude-sonnet-4-5", new string('x', 400)), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

            var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("usage");
            var promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
            Assert.Equal(40, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
            var usageEvent = await WaitForUsageEventAsync(traceId);
            Assert.Equal(40, usageEvent.CachedTokens);
            Assert.Equal(promptTokens, usageEvent.PromptTokens);
            Assert.True(promptTokens > 50, "input + cache read + cache creation");
        }
        finally
        {
            Fake.CacheReadTokens = 0;
            Fake.CacheCreationTokens = 0;
        }
    }

    [Fact]
    public async Task Tools_NonStream_ToolCallAndToolResultRoundTrip()
    {
        var client = await ReadyClientAsync();
        var first = $$"""{"model":"@claude/claude-sonnet-4-5","tools":[{{WeatherTool}}],"tool_choice":"auto","messages":[{"role":"user","content":"Weather in Paris?"}]}""";
        using var response = await client.SendAsync(Chat(first, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Fake.LastRequest!.Json;
        Assert.Equal(
            """[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}]""",
            sent.GetProperty("tools").GetRawText());
        Assert.Equal("""{"type":"auto"}""", sent.GetProperty("tool_choice").GetRawText());
        var choice = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(Fake.ToolPreamble, choice.GetProperty("message").GetProperty("content").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.StartsWith("toolu_", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(Fake.ToolInput, call.GetProperty("function").GetProperty("arguments").GetString());

        // The client sends the call back with its result, as OpenAI clients do.
        var callId = call.GetProperty("id").GetString();
        var second = $$"""
            {"model":"@claude/claude-sonnet-4-5","tools":[{{WeatherTool}}],"messages":[{"role":"user","content":"Weather in Paris?"},
             {"role":"assistant","content":"Let me check that.","tool_calls":[{{call.GetRawText()}}]},
             {"role":"tool","tool_call_id":"{{callId}}","content":"18°C and sunny"}]}
            """;
        using var answer = await client.SendAsync(Chat(second, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var messages = Fake.LastRequest!.Json.GetProperty("messages");
        Assert.Equal(
            $$"""{"role":"assistant","content":[{"type":"text","text":"Let me check that."},{"type":"tool_use","id":"{{callId}}","name":"get_weather","input":{{Fake.ToolInput}}}]}""",
            messages[1].GetRawText());
        Assert.Equal(
            $$"""{"role":"user","content":[{"type":"tool_result","tool_use_id":"{{callId}}","content":"18°C and sunny"}]}""",
            messages[2].GetRawText());
        var content = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal("Tool said: 18°C and sunny", content);
    }

    [Fact]
    public async Task Tools_ParallelToolResults_GoInOneUserTurn()
    {
        var client = await ReadyClientAsync();
        const string json = """
            {"model":"@claude/claude-sonnet-4-5","messages":[{"role":"user","content":"Paris and Rome?"},
             {"role":"assistant","content":null,"tool_calls":[
               {"id":"toolu_a","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}},
               {"id":"toolu_b","type":"function","function":{"name":"get_weather","arguments":""}}]},
             {"role":"tool","tool_call_id":"toolu_a","content":[{"type":"text","text":"18°C"}]},
             {"role":"tool","tool_call_id":"toolu_b","content":"21°C"}]}
            """;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = Fake.LastRequest!.Json.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal(
            """{"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{"location":"Paris"}},{"type":"tool_use","id":"toolu_b","name":"get_weather","input":{}}]}""",
            messages[1].GetRawText());
        Assert.Equal(
            """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","content":[{"type":"text","text":"18°C"}]},{"type":"tool_result","tool_use_id":"toolu_b","content":"21°C"}]}""",
            messages[2].GetRawText());
        var content = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal("Tool said: 18°C; 21°C", content);
    }

    [Theory]
    [InlineData("\"auto\"", null, """{"type":"auto"}""")]
    [InlineData("\"none\"", null, """{"type":"none"}""")]
    [InlineData("\"required\"", null, """{"type":"any"}""")]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", null, """{"type":"tool","name":"get_weather"}""")]
    [InlineData("\"required\"", "false", """{"type":"any","disable_parallel_tool_use":true}""")]
    [InlineData(null, "false", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData(null, "true", null)]
    public async Task Tools_ToolChoiceAndParallelToolCalls_MapToAnthropicToolChoice(string? toolChoice, string? parallel, string? expected)
    {
        var client = await ReadyClientAsync();
        var extra = (toolChoice is null ? "" : $",\"tool_choice\":{toolChoice}") + (parallel is null ? "" : $",\"parallel_tool_calls\":{parallel}");
        var json = $$"""{"model":"@claude/claude-sonnet-4-5","tools":[{{WeatherTool}}]{{extra}},"messages":[{"role":"user","content":"go"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Fake.LastRequest!.Json;
        Assert.Equal(expected, sent.TryGetProperty("tool_choice", out var choice) ? choice.GetRawText() : null);
        var finish = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString();
        Assert.Equal(toolChoice == "\"none\"" ? "stop" : "tool_calls", finish);
    }

    [Fact]
    public async Task JsonObjectMode_AddsAnInstructionToSystem_AndAnswerIsJson()
    {
        var client = await ReadyClientAsync();
        const string json = """{"model":"@claude/claude-haiku-4-5","response_format":{"type":"json_object"},"messages":[{"role":"system","content":"Be exact."},{"role":"user","content":"6*7?"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        var system = Fake.LastRequest!.Json.GetProperty("system");
        Assert.Equal(2, system.GetArrayLength());
        Assert.Equal("Be exact.", system[0].GetProperty("text").GetString());
        Assert.StartsWith("Respond with only a valid JSON object.", system[1].GetProperty("text").GetString());
        Assert.False(Fake.LastRequest.Json.TryGetProperty("response_format", out _));
        var content = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("42", JsonDocument.Parse(content).RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task JsonSchemaMode_QuotesTheSchemaInTheSystemInstruction()
    {
        var client = await ReadyClientAsync();
        const string schema = """{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""";
        var json = $$$"""{"model":"@claude/claude-haiku-4-5","response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":{{{schema}}}}},"messages":[{"role":"user","content":"6*7?"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instruction = Fake.LastRequest!.Json.GetProperty("system")[0].GetProperty("text").GetString()!;
        Assert.Contains("conforms to the following JSON Schema", instruction);
        Assert.EndsWith(schema, instruction);
    }

    [Fact]
    public async Task ImageParts_DataUrlBecomesBase64Source_HttpUrlBecomesUrlSource()
    {
        var client = await ReadyClientAsync();
        const string json = """
            {"model":"@claude/claude-sonnet-4-5","messages":[{"role":"user","content":[
              {"type":"text","text":"Caption these"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo+/=","detail":"low"}},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}
            """;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """[{"type":"text","text":"Caption these"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo+/="}},{"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]""",
            Fake.LastRequest!.Json.GetProperty("messages")[0].GetProperty("content").GetRawText());
    }

    [Theory]
    [InlineData("""{"model":"@claude/m","n":2,"messages":[{"role":"user","content":"x"}]}""", "'n' greater than 1")]
    [InlineData("""{"model":"@claude/m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA=","format":"wav"}}]}]}""", "content part type 'input_audio' is not supported")]
    [InlineData("""{"model":"@claude/m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""", "image_url.url must be")]
    [InlineData("""{"model":"@claude/m","messages":[{"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{not json"}}]}]}""", "not valid JSON")]
    [InlineData("""{"model":"@claude/m","messages":[{"role":"tool","content":"x"}]}""", "needs a 'tool_call_id'")]
    [InlineData("""{"model":"@claude/m","messages":[{"role":"system","content":"only a system prompt"}]}""", "at least one user or assistant message")]
    [InlineData("""{"model":"@claude/m","max_tokens":0,"messages":[{"role":"user","content":"x"}]}""", "'max_tokens' must be a positive integer")]
    [InlineData("""{"model":"@claude/m","messages":[{"role":"function","name":"f","content":"x"}]}""", "role must be one of")]
    public async Task UntranslatableRequest_Returns400WithoutCallingTheUpstream(string json, string message)
    {
        var client = await ReadyClientAsync();
        var before = Fake.RequestCount;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Equal(before, Fake.RequestCount);
    }

    [Fact]
    public async Task BaseUrlEndingInV1_AndConfigurations_SetPathDefaultMaxTokensAndBeta()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@claude-v1/claude-opus-4-1"), TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/v1/messages", Fake.LastRequest!.Path);
        Assert.Equal(1000, Fake.LastRequest.Json.GetProperty("max_tokens").GetInt32());
        Assert.Equal("prompt-caching-2024-07-31", Fake.LastRequest.Header("anthropic-beta"));
    }

    [Fact]
    public async Task OtherOperations_Return400WithoutCallingTheUpstream()
    {
        var client = await ReadyClientAsync();
        var before = Fake.RequestCount;
        using var response = await client.SendAsync(Post("/v1/embeddings", """{"model":"@claude/claude-sonnet-4-5","input":"x"}""", TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("operation_not_supported", error.GetProperty("code").GetString());
        Assert.Equal(before, Fake.RequestCount);
    }

    /// <summary>Retool's AI actions send a system message and a prompt; each must come back as a plain answer.</summary>
    [Theory]
    [InlineData("Generate text", "Write a tagline for a bakery.")]
    [InlineData("Chat response", "What are your opening hours?")]
    [InlineData("Summarize text", "Summarize: The bakery opens at 7am and closes at 6pm every day except Sunday.")]
    [InlineData("Classify text", "Classify as positive or negative: The croissants were wonderful.")]
    [InlineData("Extract entity", "Extract the city from: I live in Lyon.")]
    public async Task RetoolShapedRequests_AnswerPlainAndStreamed(string action, string prompt)
    {
        var client = await ReadyClientAsync();
        var json = JsonSerializer.Serialize(new
        {
            model = "@claude/claude-sonnet-4-5",
            messages = new object[] { new { role = "system", content = $"You are a helpful assistant. Task: {action}." }, new { role = "user", content = prompt } },
            temperature = 0.7,
        });
        using var plain = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("Echo: " + prompt, JsonDocument.Parse(await plain.Content.ReadAsStringAsync(Ct)).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal($"You are a helpful assistant. Task: {action}.", Fake.LastRequest!.Json.GetProperty("system")[0].GetProperty("text").GetString());

        using var streamed = await client.SendAsync(Chat(json.Replace("\"temperature\"", "\"stream\":true,\"temperature\"", StringComparison.Ordinal), TestSnapshot.CompletionKey),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await streamed.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);
        Assert.Equal("[DONE]", events[^1]);
        var text = string.Concat(events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : ""));
        Assert.Equal("Echo: " + prompt, text);
    }

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
