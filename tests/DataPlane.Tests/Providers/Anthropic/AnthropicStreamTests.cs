using System.Diagnostics;
using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers.Anthropic;

/// <summary>Anthropic's event stream through the real DataPlane, translated to OpenAI chunks, and how broken streams end.</summary>
public sealed class AnthropicStreamTests(AnthropicUpstreamFixture fixture) : ServiceTestBase(fixture.Factory), IClassFixture<AnthropicUpstreamFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeAnthropicServer Fake => fixture.Fake;

    [Fact]
    public async Task Stream_TranslatesEventsToChunks_EndsWithFinishAndDone()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(
            Chat(Body("@claude/claude-sonnet-4-5", "one two three", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.True(Fake.LastRequest!.Json.GetProperty("stream").GetBoolean());
        Assert.False(Fake.LastRequest.Json.TryGetProperty("stream_options", out _));
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c =>
        {
            Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString());
            Assert.Equal("claude-sonnet-4-5", c.GetProperty("model").GetString());
            Assert.StartsWith("chatcmpl-msg_", c.GetProperty("id").GetString());
            Assert.Equal(1, c.GetProperty("choices").GetArrayLength());
        });
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        // role, one chunk per word ("Echo:", " one", " two", " three"), finish — the ping and block events add nothing.
        Assert.Equal(1 + 4 + 1, chunks.Count);
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("Echo: one two three", text);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.DoesNotContain(chunks, c => c.TryGetProperty("usage", out _));

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.True(usageEvent.Stream);
        Assert.Equal(200, usageEvent.Status);
        Assert.Null(usageEvent.ErrorType);
        Assert.Equal(4, usageEvent.CompletionTokens); // message_delta's output_tokens
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.NotNull(usageEvent.TtftMs);
    }

    [Fact]
    public async Task Stream_WithIncludeUsage_EndsWithAUsageChunkIncludingCachedTokens()
    {
        var client = await ReadyClientAsync();
        Fake.CacheReadTokens = 30;
        try
        {
            var traceId = NewTrace();
            using var response = await client.SendAsync(
                Chat(Body("@claude/claude-sonnet-4-5", "count this please", stream: true, includeUsage: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
                HttpCompletionOption.ResponseHeadersRead, Ct);
            var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

            var usageChunk = JsonDocument.Parse(events[^2]).RootElement;
            Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
            var usage = usageChunk.GetProperty("usage");
            Assert.Equal(30, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
            Assert.Equal(4, usage.GetProperty("completion_tokens").GetInt32());
            var usageEvent = await WaitForUsageEventAsync(traceId);
            Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usageEvent.PromptTokens);
            Assert.Equal(4, usageEvent.CompletionTokens);
            Assert.Equal(30, usageEvent.CachedTokens);
        }
        finally
        {
            Fake.CacheReadTokens = 0;
        }
    }

    [Fact]
    public async Task Stream_ToolUse_BecomesToolCallDeltas()
    {
        var client = await ReadyClientAsync();
        const string json = """{"model":"@claude/claude-sonnet-4-5","stream":true,"tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"go"}]}""";
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        var choices = events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0]).ToList();
        var text = string.Concat(choices.Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal(Fake.ToolPreamble, text);
        var calls = choices.Where(c => c.GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(c => c.GetProperty("delta").GetProperty("tool_calls")[0]).ToList();
        Assert.Equal(0, calls[0].GetProperty("index").GetInt32());
        Assert.StartsWith("toolu_", calls[0].GetProperty("id").GetString());
        Assert.Equal("function", calls[0].GetProperty("type").GetString());
        Assert.Equal("lookup", calls[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.All(calls.Skip(1), c =>
        {
            Assert.False(c.TryGetProperty("id", out _));
            Assert.False(c.GetProperty("function").TryGetProperty("name", out _));
        });
        Assert.Equal(Fake.ToolInput, string.Concat(calls.Select(c => c.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("tool_calls", choices[^1].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Stream_ParallelToolUse_NumbersToolCallsFromZero()
    {
        var client = await ReadyClientAsync();
        Fake.ParallelToolUse = true;
        try
        {
            const string json = """
                {"model":"@claude/claude-sonnet-4-5","stream":true,"messages":[{"role":"user","content":"go"}],
                 "tools":[{"type":"function","function":{"name":"first","parameters":{"type":"object"}}},{"type":"function","function":{"name":"second","parameters":{"type":"object"}}}]}
                """;
            using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), HttpCompletionOption.ResponseHeadersRead, Ct);
            var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

            var calls = events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta"))
                .Where(d => d.TryGetProperty("tool_calls", out _)).Select(d => d.GetProperty("tool_calls")[0]).ToList();
            var byIndex = calls.GroupBy(c => c.GetProperty("index").GetInt32()).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal([0, 1], byIndex.Keys.Order().ToArray());
            Assert.Equal("first", byIndex[0][0].GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("second", byIndex[1][0].GetProperty("function").GetProperty("name").GetString());
            Assert.All(byIndex.Values, call =>
                Assert.Equal(Fake.ToolInput, string.Concat(call.Select(c => c.GetProperty("function").GetProperty("arguments").GetString()))));
        }
        finally
        {
            Fake.ParallelToolUse = false;
        }
    }

    [Fact]
    public async Task Stream_ErrorEventMidStream_EndsWithOpenAiErrorEventAndDone()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        // message_start, content_block_start, ping, one text delta — then Anthropic's overloaded error event.
        Fake.EnqueueStreamError(afterEvents: 4, "overloaded_error", "Overloaded");
        using var response = await client.SendAsync(
            Chat(Body("@claude/claude-sonnet-4-5", "alpha beta gamma", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal("[DONE]", events[^1]);
        var terminal = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal("Overloaded", terminal.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("server_error", terminal.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("overloaded_error", terminal.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("claude", terminal.GetProperty("provider").GetString());
        Assert.Equal(2 + 2, events.Count); // role, "Echo:", error, [DONE]

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("upstream_error_event", usageEvent.ErrorType);
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.InRange(usageEvent.CompletionTokens, 1, 3); // counted from "Echo:"
    }

    [Fact]
    public async Task Stream_UpstreamSilentMidStream_EndsWithTerminalErrorEvent_AndRecordsPartialUsage()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        // message_start, content_block_start, ping, two text deltas, then silence.
        Fake.EnqueueFault(FakeFault.SilentAfter(5));
        using var response = await client.SendAsync(
            Chat(Body("@claude/claude-sonnet-4-5", "alpha beta gamma delta", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(Ct));

        // What came before the silence arrives at once: role, "Echo:", " alpha".
        var started = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, JsonDocument.Parse((await reader.NextAsync(Ct))!).RootElement.GetProperty("choices").GetArrayLength());
        }

        Assert.True(started.ElapsedMilliseconds < AnthropicUpstreamFixture.StreamIdleTimeoutMs, "translated chunks waited for the idle timeout");
        var terminal = JsonDocument.Parse((await reader.NextAsync(Ct))!).RootElement;
        Assert.Equal("stream_idle_timeout", terminal.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("claude", terminal.GetProperty("provider").GetString());
        Assert.Equal("[DONE]", await reader.NextAsync(Ct));
        Assert.Null(await reader.NextAsync(Ct));

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("stream_idle_timeout", usageEvent.ErrorType);
        Assert.True(usageEvent.PromptTokens > 0); // from message_start
        Assert.InRange(usageEvent.CompletionTokens, 2, 6); // counted from "Echo: alpha", not message_start's placeholder
        await Fake.LastRequest!.Aborted.WaitAsync(Bounded, Ct);
    }

    [Fact]
    public async Task Stream_UpstreamDroppingMidStream_EndsWithTerminalErrorEvent()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        Fake.EnqueueFault(FakeFault.DropAfter(4));
        using var response = await client.SendAsync(
            Chat(Body("@claude/claude-sonnet-4-5", "one two three four", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("upstream_stream_error", JsonDocument.Parse(events[^2]).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2 + 2, events.Count); // role, "Echo:", error, [DONE]
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("upstream_stream_error", usageEvent.ErrorType);
        Assert.True(usageEvent.CompletionTokens > 0);
    }

    [Fact]
    public async Task Stream_ClientGoingAway_CancelsTheUpstreamCall()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.SilentAfter(4));
        var request = Chat(Body("@claude/claude-sonnet-4-5", "a b c", stream: true), TestSnapshot.CompletionKey);
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct))
        {
            var reader = new SseReader(await response.Content.ReadAsStreamAsync(Ct));
            Assert.NotNull(await reader.NextAsync(Ct));
        }

        await Fake.LastRequest!.Aborted.WaitAsync(Bounded, Ct);
    }

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
