using System.Diagnostics;
using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers.Google;

/// <summary>What a client sees, and what is recorded, when Gemini refuses, fails, or breaks a stream — and bad input.</summary>
public sealed class GeminiFailureTests : ServiceTestBase, IClassFixture<GeminiUpstreamFixture>
{
    private readonly FakeGeminiServer _fake;

    public GeminiFailureTests(GeminiUpstreamFixture fixture)
        : base(fixture.Factory)
    {
        _fake = fixture.Fake;
        _fake.Reset();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(429, "RESOURCE_EXHAUSTED", "rate_limit_error")]
    [InlineData(400, "INVALID_ARGUMENT", "invalid_request_error")]
    [InlineData(403, "PERMISSION_DENIED", "permission_error")]
    [InlineData(401, "UNAUTHENTICATED", "authentication_error")]
    [InlineData(404, "NOT_FOUND", "not_found_error")]
    [InlineData(503, "UNAVAILABLE", "server_error")]
    public async Task UpstreamError_KeepsStatusAndMessage_MapsStatusNameToOpenAiType(int status, string geminiStatus, string openAiType)
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        _fake.EnqueueFault(FakeFault.Status(status, $"Gemini says {geminiStatus}.", geminiStatus, retryAfterSeconds: status == 429 ? 9 : null));
        using var response = await client.SendAsync(Chat(Body("@gem/gemini-2.5-flash"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        var error = await AssertErrorAsync(response, (HttpStatusCode)status);
        Assert.Equal($"Gemini says {geminiStatus}.", error.GetProperty("message").GetString());
        Assert.Equal(openAiType, error.GetProperty("type").GetString());
        Assert.Equal(geminiStatus.ToLowerInvariant(), error.GetProperty("code").GetString());
        Assert.Equal("gem", await ProviderFieldAsync(response));
        if (status == 429)
        {
            Assert.Equal("9", response.Headers.RetryAfter?.ToString());
        }

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(status, usageEvent.Status);
        Assert.Equal("gem", usageEvent.Provider);
    }

    [Fact]
    public async Task UpstreamErrorInArrayForm_IsReadToo()
    {
        var client = await ReadyClientAsync();
        _fake.EnqueueFault(FakeFault.Raw(400, """[{"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT"}}]"""));
        using var response = await client.SendAsync(Chat(Body("@gem/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Request contains an invalid argument.", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_argument", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task WrongKey_Returns400FromGemini_WithoutTheKey()
    {
        var client = await ReadyClientAsync();
        _fake.RequiredApiKey = "AIzaTheOtherKey";
        using var response = await client.SendAsync(Chat(Body("@gem/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("API key not valid. Please pass a valid API key.", error.GetProperty("message").GetString());
        Assert.DoesNotContain(GeminiUpstreamFixture.GeminiKey, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ConnectionRefused_Returns502_AndHang_Returns504()
    {
        var client = await ReadyClientAsync();
        using var refused = await client.SendAsync(Chat(Body("@gem-dead/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct);
        var error = await AssertErrorAsync(refused, HttpStatusCode.BadGateway);
        Assert.Equal("upstream_unreachable", error.GetProperty("code").GetString());

        _fake.EnqueueFault(FakeFault.Hang());
        var started = Stopwatch.StartNew();
        using var hung = await client.SendAsync(Chat(Body("@gem/gemini-2.5-flash"), TestSnapshot.CompletionKey), Ct);
        Assert.Equal("upstream_timeout", (await AssertErrorAsync(hung, HttpStatusCode.GatewayTimeout)).GetProperty("code").GetString());
        Assert.InRange(started.ElapsedMilliseconds, GeminiUpstreamFixture.UpstreamTimeoutMs - 100, GeminiUpstreamFixture.UpstreamTimeoutMs + 5000);
    }

    [Fact]
    public async Task SilentMidStream_EndsWithTerminalErrorEvent_AndRecordsPartialUsage()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        _fake.EnqueueFault(FakeFault.SilentAfter(2));
        using var response = await client.SendAsync(
            Chat(Body("@gem/gemini-2.5-flash", "alpha beta gamma delta", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(Ct));

        // The events sent before the silence arrive at once: nothing waits for the end of the stream.
        var started = Stopwatch.StartNew();
        Assert.Equal("Echo:", Delta(await reader.NextAsync(Ct)));
        Assert.Equal(" alpha", Delta(await reader.NextAsync(Ct)));
        Assert.True(started.ElapsedMilliseconds < GeminiUpstreamFixture.StreamIdleTimeoutMs, "translated chunks waited for the idle timeout");
        var terminal = JsonDocument.Parse((await reader.NextAsync(Ct))!).RootElement;
        Assert.Equal("stream_idle_timeout", terminal.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("gem", terminal.GetProperty("provider").GetString());
        Assert.Equal("[DONE]", await reader.NextAsync(Ct));
        Assert.Null(await reader.NextAsync(Ct));

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("stream_idle_timeout", usageEvent.ErrorType);
        // No usageMetadata came (it is on the last event): the tokenizer counted prompt and "Echo: alpha".
        Assert.InRange(usageEvent.CompletionTokens, 2, 5);
        Assert.True(usageEvent.PromptTokens > 0);
        await _fake.LastRequest!.Aborted.WaitAsync(Bounded, Ct);
    }

    [Fact]
    public async Task DropMidStream_EndsWithTerminalErrorEvent_AndRecordsPartialUsage()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        _fake.EnqueueFault(FakeFault.DropAfter(2));
        using var response = await client.SendAsync(
            Chat(Body("@gem/gemini-2.5-flash", "one two three four", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal(2 + 2, events.Count);
        Assert.Equal("upstream_stream_error", JsonDocument.Parse(events[^2]).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("[DONE]", events[^1]);
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal("upstream_stream_error", usageEvent.ErrorType);
        Assert.True(usageEvent.CompletionTokens > 0);
    }

    [Fact]
    public async Task StreamClosingWithoutFinishReason_IsABrokenStream()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        _fake.EndWithoutFinish = true;
        using var response = await client.SendAsync(
            Chat(Body("@gem/gemini-2.5-flash", "cut short", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal(3 + 2, events.Count); // "Echo:", " cut", " short", the terminal error, [DONE]
        Assert.Equal("upstream_stream_error", JsonDocument.Parse(events[^2]).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("upstream_stream_error", (await WaitForUsageEventAsync(traceId)).ErrorType);
    }

    [Fact]
    public async Task ErrorEventInStream_EndsTheStreamWithThatErrorInOpenAiShape()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        _fake.ErrorEventAfter = 1;
        using var response = await client.SendAsync(
            Chat(Body("@gem/gemini-2.5-flash", "a b c", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal(1 + 2, events.Count);
        var terminal = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal("server_error", terminal.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("internal", terminal.GetProperty("error").GetProperty("code").GetString());
        Assert.StartsWith("An internal error has occurred.", terminal.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("gem", terminal.GetProperty("provider").GetString());
        Assert.Equal("[DONE]", events[^1]);
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("upstream_error_event", usageEvent.ErrorType);
    }

    [Theory]
    [InlineData("""{"model":"@gem/gemini-2.5-flash","stream":true,"n":2,"messages":[{"role":"user","content":"hi"}]}""", "n")]
    [InlineData("""{"model":"@gem/gemini-2.5-flash","messages":[{"role":"tool","tool_call_id":"call_nowhere","content":"x"}]}""", "messages[0].tool_call_id")]
    [InlineData("""{"model":"@gem/gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"video_url","video_url":"x"}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"@gem/gemini-2.5-flash","messages":[{"role":"narrator","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"@gem/gemini-2.5-flash","temperature":"hot","messages":[{"role":"user","content":"x"}]}""", "temperature")]
    [InlineData("""{"model":"@gem/gemini-2.5-flash","tools":[{"type":"web_search"}],"messages":[{"role":"user","content":"x"}]}""", "tools[0]")]
    [InlineData("""{"model":"@gem/gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"@gem/gemini-2.5-flash","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{not json"}}]}]}""", "messages[0].tool_calls[0]")]
    public async Task UntranslatableInput_Returns400NamingTheField_WithoutCallingGemini(string json, string param)
    {
        var client = await ReadyClientAsync();
        var before = _fake.RequestCount;
        using var response = await client.SendAsync(Chat(json, TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(before, _fake.RequestCount);
    }

    [Theory]
    [InlineData("/v1/embeddings", """{"model":"@gem/text-embedding-004","input":"x"}""")]
    [InlineData("/v1/completions", """{"model":"@gem/gemini-2.5-flash","prompt":"x"}""")]
    public async Task OperationsOtherThanChat_Return400WithoutCallingGemini(string path, string json)
    {
        var client = await ReadyClientAsync();
        var before = _fake.RequestCount;
        using var response = await client.SendAsync(Post(path, json, TestSnapshot.CompletionKey), Ct);

        Assert.Equal("operation_not_supported", (await AssertErrorAsync(response, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(before, _fake.RequestCount);
    }

    private static string? Delta(string? data) =>
        JsonDocument.Parse(data!).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString();

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");

    private static async Task<string?> ProviderFieldAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("provider").GetString();
}
