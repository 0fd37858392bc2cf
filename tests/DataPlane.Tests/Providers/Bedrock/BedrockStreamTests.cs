using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;
using TestKit.FakeProviders.Bedrock;

namespace DataPlane.Tests.Providers.Bedrock;

/// <summary>ConverseStream's binary event stream through the real DataPlane, decoded into OpenAI chunks, and how broken streams end.</summary>
public sealed class BedrockStreamTests(BedrockUpstreamFixture fixture) : ServiceTestBase(fixture.Factory), IClassFixture<BedrockUpstreamFixture>
{
    private const string Model = "amazon.nova-lite-v1:0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeBedrockServer Fake => fixture.Fake;

    [Fact]
    public async Task Stream_DecodesEventStreamToChunks_EndsWithFinishAndDone()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        var events = await StreamAsync(client, Body("@aws/" + Model, "one two three", stream: true), traceId);

        Assert.Equal("/model/amazon.nova-lite-v1%3A0/converse-stream", Fake.LastRawTarget);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c =>
        {
            Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString());
            Assert.Equal(Model, c.GetProperty("model").GetString());
        });
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        // role, one chunk per word ("Echo:", " one", " two", " three"), finish.
        Assert.Equal(1 + 4 + 1, chunks.Count);
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("Echo: one two three", string.Concat(chunks.Select(Content)));
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.DoesNotContain(chunks, c => c.TryGetProperty("usage", out _));

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.True(usageEvent.Stream);
        Assert.Equal(200, usageEvent.Status);
        Assert.Null(usageEvent.ErrorType);
        Assert.Equal(4, usageEvent.CompletionTokens); // metadata's outputTokens
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.True(usageEvent.PriceKnown);
        Assert.NotNull(usageEvent.TtftMs);
    }

    [Fact]
    public async Task Stream_WithIncludeUsage_EndsWithTheMetadataUsageChunk()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        var events = await StreamAsync(client, Body("@aws/" + Model, "count this please", stream: true, includeUsage: true), traceId);

        var usageChunk = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.GetProperty("usage");
        Assert.Equal(4, usage.GetProperty("completion_tokens").GetInt32());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
    }

    [Fact]
    public async Task Stream_WithTools_StreamsToolCallDeltas()
    {
        var client = await ReadyClientAsync();
        var events = await StreamAsync(client, $$$$"""
            {"model":"@aws/{{{{Model}}}}","stream":true,"messages":[{"role":"user","content":"weather?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
            """, NewTrace());

        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        var calls = chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("tool_calls", out _)).Select(d => d.GetProperty("tool_calls")[0]).ToList();
        Assert.Equal("get_weather", calls[0].GetProperty("function").GetProperty("name").GetString());
        Assert.StartsWith("tooluse_", calls[0].GetProperty("id").GetString());
        Assert.All(calls, c => Assert.Equal(0, c.GetProperty("index").GetInt32()));
        var arguments = string.Concat(calls.Select(c => c.GetProperty("function").TryGetProperty("arguments", out var a) ? a.GetString() : ""));
        Assert.Equal(Fake.ToolInput, arguments);
        Assert.Equal("tool_calls", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Stream_ExceptionMidStream_EndsWithErrorEventNamingProvider()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueStreamException(afterEvents: 2, "throttlingException", "Too many tokens, please wait");
        var traceId = NewTrace();
        var events = await StreamAsync(client, Body("@aws/" + Model, "one two three", stream: true), traceId);

        Assert.Equal("[DONE]", events[^1]);
        var error = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal("aws", error.GetProperty("provider").GetString());
        Assert.Equal("rate_limit_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("ThrottlingException", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("Too many tokens", error.GetProperty("error").GetProperty("message").GetString());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("upstream_error_event", usageEvent.ErrorType);
    }

    [Fact]
    public async Task Stream_ConnectionDropsMidStream_EndsWithTerminalErrorAndPartialUsage()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.DropAfter(3));
        var traceId = NewTrace();
        var events = await StreamAsync(client, Body("@aws/" + Model, "one two three four five", stream: true), traceId);

        Assert.Equal("[DONE]", events[^1]);
        var error = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal("aws", error.GetProperty("provider").GetString());
        Assert.Equal("upstream_stream_error", error.GetProperty("error").GetProperty("code").GetString());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("upstream_stream_error", usageEvent.ErrorType);
        Assert.True(usageEvent.CompletionTokens > 0); // the words streamed before the drop, counted
    }

    [Fact]
    public async Task Stream_UpstreamSilentMidStream_EndsWithIdleTimeout()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.SilentAfter(2));
        var traceId = NewTrace();
        var events = await StreamAsync(client, Body("@aws/" + Model, "one two three", stream: true), traceId);

        var error = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal("stream_idle_timeout", error.GetProperty("error").GetProperty("code").GetString());
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("stream_idle_timeout", usageEvent.ErrorType);
    }

    private static async Task<string[]> StreamAsync(HttpClient client, string body, string traceId)
    {
        using var response = await client.SendAsync(Chat(body, TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return [.. await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct)];
    }

    private static string Content(JsonElement chunk) =>
        chunk.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var text) ? text.GetString() ?? "" : "";

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
