using System.Net;
using System.Text.Json;
using TestKit.FakeProviders.Bedrock;

namespace DataPlane.Tests.Providers.Bedrock;

/// <summary>Converse through the real DataPlane against the fake: translation both ways, signing, tools, usage and cost.</summary>
public sealed class BedrockChatTests(BedrockUpstreamFixture fixture) : ServiceTestBase(fixture.Factory), IClassFixture<BedrockUpstreamFixture>
{
    private const string Model = "anthropic.claude-3-haiku-20240307-v1:0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeBedrockServer Fake => fixture.Fake;

    [Fact]
    public async Task Chat_TranslatesToConverse_SignsIt_AndAnswersOpenAiShape()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(Chat(Body("@aws/" + Model, "one two three"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("chat.completion", answer.GetProperty("object").GetString());
        Assert.Equal(Model, answer.GetProperty("model").GetString());
        var choice = answer.GetProperty("choices")[0];
        Assert.Equal("Echo: one two three", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());

        // What Bedrock received: the model id in the path (its ':' escaped), a signed request, a Converse body.
        var sent = Fake.LastRequest!;
        Assert.Equal(Model, Fake.LastModelId);
        Assert.Equal("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", Fake.LastRawTarget);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={Fake.AccessKeyId}/", sent.Header("authorization"));
        Assert.Contains("/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=", sent.Header("authorization"));
        Assert.Null(sent.Header("x-amz-security-token"));
        Assert.Equal("be brief", sent.Json.GetProperty("system")[0].GetProperty("text").GetString());
        Assert.Equal("one two three", sent.Json.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(sent.Json.TryGetProperty("model", out _));
        Assert.DoesNotContain(Fake.SecretAccessKey, sent.BodyText + string.Join(" ", sent.Headers.Values));

        var usage = answer.GetProperty("usage");
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("bedrock", usageEvent.AiProvider);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
        Assert.Equal(4, usageEvent.CompletionTokens);
        Assert.True(usageEvent.PriceKnown);
        Assert.True(usageEvent.CostUsd > 0);
    }

    [Fact]
    public async Task Chat_WithSessionToken_SendsAndSignsTheToken()
    {
        var client = await ReadyClientAsync();
        Fake.ExpectedSessionToken = BedrockUpstreamFixture.SessionToken;
        try
        {
            using var response = await client.SendAsync(Chat(Body("@aws-sts/" + Model), TestSnapshot.CompletionKey), Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(BedrockUpstreamFixture.SessionToken, Fake.LastRequest!.Header("x-amz-security-token"));
            Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", Fake.LastRequest.Header("authorization"));
        }
        finally
        {
            Fake.ExpectedSessionToken = null;
        }
    }

    [Fact]
    public async Task Chat_InferenceParameters_GoToInferenceConfig()
    {
        var client = await ReadyClientAsync();
        var body = """
            {"model":"@aws/meta.llama3-1-8b-instruct-v1:0","max_tokens":2,"temperature":0.2,"top_p":0.9,"stop":["END"],
             "messages":[{"role":"user","content":"alpha beta gamma delta"}]}
            """;
        using var response = await client.SendAsync(Chat(body, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = Fake.LastRequest!.Json.GetProperty("inferenceConfig");
        Assert.Equal(2, config.GetProperty("maxTokens").GetInt32());
        Assert.Equal(0.2, config.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, config.GetProperty("topP").GetDouble());
        Assert.Equal("END", config.GetProperty("stopSequences")[0].GetString());
        var choice = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("meta.llama3-1-8b-instruct-v1:0", Fake.LastModelId);
    }

    [Fact]
    public async Task Chat_WithTools_ReturnsToolCalls_AndToolResultsGoBackAsToolResultBlocks()
    {
        var client = await ReadyClientAsync();
        const string tools = """
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
              "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]
            """;
        using var first = await client.SendAsync(Chat($$$$"""
            {"model":"@aws/{{{{Model}}}}","messages":[{"role":"user","content":"weather in Paris?"}],{{{{tools}}}},"tool_choice":"required"}
            """, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var toolConfig = Fake.LastRequest!.Json.GetProperty("toolConfig");
        var spec = toolConfig.GetProperty("tools")[0].GetProperty("toolSpec");
        Assert.Equal("get_weather", spec.GetProperty("name").GetString());
        Assert.Equal("object", spec.GetProperty("inputSchema").GetProperty("json").GetProperty("type").GetString());
        Assert.True(toolConfig.GetProperty("toolChoice").TryGetProperty("any", out _));
        var choice = JsonDocument.Parse(await first.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        var callId = call.GetProperty("id").GetString()!;
        Assert.StartsWith("tooluse_", callId);
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("location").GetString());

        using var second = await client.SendAsync(Chat($$$$"""
            {"model":"@aws/{{{{Model}}}}","messages":[{"role":"user","content":"weather in Paris?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"{{{{callId}}}}","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"{{{{callId}}}}","content":"18C and sunny"}],{{{{tools}}}},"tool_choice":"none"}
            """, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var messages = Fake.LastRequest!.Json.GetProperty("messages");
        var toolUse = messages[1].GetProperty("content")[0].GetProperty("toolUse");
        Assert.Equal(callId, toolUse.GetProperty("toolUseId").GetString());
        Assert.Equal("Paris", toolUse.GetProperty("input").GetProperty("location").GetString());
        var toolResult = messages[2].GetProperty("content")[0].GetProperty("toolResult");
        Assert.Equal("user", messages[2].GetProperty("role").GetString());
        Assert.Equal(callId, toolResult.GetProperty("toolUseId").GetString());
        Assert.Equal("18C and sunny", toolResult.GetProperty("content")[0].GetProperty("text").GetString());
        var answer = JsonDocument.Parse(await second.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("Tool said: 18C and sunny", answer.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Chat_WithDataUrlImage_SendsImageBytes()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat($$$$"""
            {"model":"@aws/{{{{Model}}}}","messages":[{"role":"user","content":[{"type":"text","text":"what is this"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}
            """, TestSnapshot.CompletionKey), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = Fake.LastRequest!.Json.GetProperty("messages")[0].GetProperty("content")[1].GetProperty("image");
        Assert.Equal("png", image.GetProperty("format").GetString());
        Assert.Equal("iVBORw0KGgo=", image.GetProperty("source").GetProperty("bytes").GetString());
    }

    [Fact]
    public async Task Chat_WithCachedInput_ReportsCachedTokens()
    {
        var client = await ReadyClientAsync();
        Fake.CacheReadTokens = 40;
        try
        {
            var traceId = NewTrace();
            using var response = await client.SendAsync(Chat(Body("@aws/" + Model), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

            var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("usage");
            Assert.Equal(40, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
            var usageEvent = await WaitForUsageEventAsync(traceId);
            Assert.Equal(40, usageEvent.CachedTokens);
            Assert.True(usageEvent.PromptTokens > 40);
        }
        finally
        {
            Fake.CacheReadTokens = 0;
        }
    }

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
