using System.Diagnostics;
using System.Net;
using System.Text.Json;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers;

/// <summary>What a client sees, and what is recorded, when the upstream fails before or during an answer.</summary>
public sealed class UpstreamFailureTests(OpenAiUpstreamFixture fixture) : ServiceTestBase(fixture.Factory), IClassFixture<OpenAiUpstreamFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeOpenAiServer Fake => fixture.Fake;

    [Fact]
    public async Task Upstream429_PassesThroughWithProviderAndRetryAfter()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        Fake.EnqueueFault(FakeFault.Status(429, "Rate limit reached for gpt-4o.", "requests", "rate_limit_exceeded", retryAfterSeconds: 7));
        using var response = await client.SendAsync(Chat(Body("@oa/gpt-4o"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("Rate limit reached for gpt-4o.", error.GetProperty("message").GetString());
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("7", response.Headers.RetryAfter?.ToString());
        Assert.Equal("oa", await ProviderFieldAsync(response));

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(429, usageEvent.Status);
        Assert.Equal("rate_limit_exceeded", usageEvent.ErrorType);
        Assert.Equal("oa", usageEvent.Provider);
    }

    [Fact]
    public async Task Upstream500OnStreamRequest_PassesThroughAsJsonError()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Status(500, "The server had an error while processing your request.", "server_error"));
        using var response = await client.SendAsync(Chat(Body("@oa/gpt-4o", stream: true), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("oa", await ProviderFieldAsync(response));
    }

    [Fact]
    public async Task Upstream401EchoingTheProviderKey_NeverShowsTheKey()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Status(401, $"Incorrect API key provided: {OpenAiUpstreamFixture.OpenAiKey}.", "invalid_request_error", "invalid_api_key"));
        using var response = await client.SendAsync(Chat(Body("@oa/gpt-4o"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Incorrect API key provided: ***.", error.GetProperty("message").GetString());
        Assert.DoesNotContain(OpenAiUpstreamFixture.OpenAiKey, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UpstreamNonJsonError_Becomes503InOpenAiShape()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Raw(503, "<html>upstream overloaded</html>"));
        using var response = await client.SendAsync(Chat(Body("@oa/gpt-4o"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Contains("503", error.GetProperty("message").GetString());
        Assert.Equal("oa", await ProviderFieldAsync(response));
    }

    [Fact]
    public async Task ConnectionRefused_Returns502()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        using var response = await client.SendAsync(Chat(Body("@dead/gpt-4o"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("upstream_unreachable", error.GetProperty("code").GetString());
        Assert.Contains("connection refused", error.GetProperty("message").GetString());
        Assert.Equal("dead", await ProviderFieldAsync(response));
        Assert.Equal(502, (await WaitForUsageEventAsync(traceId)).Status);
    }

    [Fact]
    public async Task UpstreamHangingBeforeHeaders_Returns504AfterTheTimeout()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Hang());
        var started = Stopwatch.StartNew();
        using var response = await client.SendAsync(Chat(Body("@oa/gpt-4o"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Equal("upstream_timeout", error.GetProperty("code").GetString());
        Assert.InRange(started.ElapsedMilliseconds, OpenAiUpstreamFixture.UpstreamTimeoutMs - 100, OpenAiUpstreamFixture.UpstreamTimeoutMs + 5000);
        await Fake.LastRequest!.Aborted.WaitAsync(Bounded, Ct);
    }

    [Fact]
    public async Task UpstreamSilentMidStream_EndsWithTerminalErrorEvent_AndRecordsPartialUsage()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        Fake.EnqueueFault(FakeFault.SilentAfter(3));
        using var response = await client.SendAsync(
            Chat(Body("@oa/gpt-4o", "alpha beta gamma delta epsilon", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(Ct));

        // The chunks sent before the silence arrive at once: nothing waits for the end of the stream.
        var started = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, JsonDocument.Parse((await reader.NextAsync(Ct))!).RootElement.GetProperty("choices").GetArrayLength());
        }

        Assert.True(started.ElapsedMilliseconds < OpenAiUpstreamFixture.StreamIdleTimeoutMs, "relayed chunks waited for the idle timeout");
        var terminal = JsonDocument.Parse((await reader.NextAsync(Ct))!).RootElement;
        Assert.Equal("stream_idle_timeout", terminal.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("server_error", terminal.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("oa", terminal.GetProperty("provider").GetString());
        Assert.Equal("[DONE]", await reader.NextAsync(Ct));
        Assert.Null(await reader.NextAsync(Ct));

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("stream_idle_timeout", usageEvent.ErrorType);
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.InRange(usageEvent.CompletionTokens, 1, 6); // "Echo:" and " alpha" were streamed
        await Fake.LastRequest!.Aborted.WaitAsync(Bounded, Ct);
    }

    [Fact]
    public async Task UpstreamDroppingMidStream_EndsWithTerminalErrorEvent_AndRecordsPartialUsage()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        Fake.EnqueueFault(FakeFault.DropAfter(2));
        using var response = await client.SendAsync(
            Chat(Body("@oa/gpt-4o", "one two three four", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var events = await new SseReader(await response.Content.ReadAsStreamAsync(Ct)).ReadAllAsync(Ct);

        Assert.Equal(2 + 2, events.Count);
        Assert.Equal("[DONE]", events[^1]);
        var terminal = JsonDocument.Parse(events[^2]).RootElement.GetProperty("error");
        Assert.Equal("upstream_stream_error", terminal.GetProperty("code").GetString());

        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usageEvent.Status);
        Assert.Equal("upstream_stream_error", usageEvent.ErrorType);
        Assert.True(usageEvent.PromptTokens > 0);
        Assert.True(usageEvent.CompletionTokens > 0);
    }

    [Fact]
    public async Task ClientDisconnectMidStream_CancelsTheUpstreamCall()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        Fake.EnqueueFault(FakeFault.SilentAfter(2));
        var response = await client.SendAsync(
            Chat(Body("@oa/gpt-4o", "stay a while", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)),
            HttpCompletionOption.ResponseHeadersRead, Ct);
        var stream = await response.Content.ReadAsStreamAsync(Ct);
        Assert.NotNull(await new SseReader(stream).NextAsync(Ct));
        var upstreamRequest = Fake.LastRequest!;

        await stream.DisposeAsync();
        response.Dispose();

        // Well before the idle timeout would have ended it.
        await upstreamRequest.Aborted.WaitAsync(TimeSpan.FromMilliseconds(OpenAiUpstreamFixture.StreamIdleTimeoutMs - 300), Ct);
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(499, usageEvent.Status);
        Assert.Equal("client_closed_request", usageEvent.ErrorType);
    }

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");

    private static async Task<string?> ProviderFieldAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("provider").GetString();
}
