using System.Diagnostics;
using System.Net;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Providers.Anthropic;

/// <summary>Anthropic's error answers as OpenAI's error shape with <c>provider</c>, and connection failures.</summary>
public sealed class AnthropicErrorTests(AnthropicUpstreamFixture fixture) : ServiceTestBase(fixture.Factory), IClassFixture<AnthropicUpstreamFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeAnthropicServer Fake => fixture.Fake;

    [Fact]
    public async Task Upstream400_PassesThroughWithAnthropicsMessageAndProvider()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        Fake.EnqueueFault(FakeFault.Status(400, "messages: prompt is too long: 210000 tokens > 200000 maximum", "invalid_request_error"));
        using var response = await client.SendAsync(Chat(Body("@claude/claude-sonnet-4-5"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("messages: prompt is too long: 210000 tokens > 200000 maximum", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("claude", await ProviderFieldAsync(response));
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(400, usageEvent.Status);
        Assert.Equal("claude", usageEvent.Provider);
    }

    [Fact]
    public async Task Upstream529Overloaded_KeepsTheStatus_AsServerErrorWithTheAnthropicTypeAsCode()
    {
        var client = await ReadyClientAsync();
        var traceId = NewTrace();
        Fake.EnqueueFault(FakeFault.Status(529, "Overloaded", "overloaded_error"));
        using var response = await client.SendAsync(Chat(Body("@claude/claude-sonnet-4-5", stream: true), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId)), Ct);

        var error = await AssertErrorAsync(response, (HttpStatusCode)529);
        Assert.Equal("Overloaded", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("overloaded_error", error.GetProperty("code").GetString());
        Assert.Equal("claude", await ProviderFieldAsync(response));
        var usageEvent = await WaitForUsageEventAsync(traceId);
        Assert.Equal(529, usageEvent.Status);
        Assert.Equal("overloaded_error", usageEvent.ErrorType);
    }

    [Fact]
    public async Task Upstream429_PassesThroughWithRetryAfter()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Status(429, "Number of request tokens has exceeded your per-minute rate limit", "rate_limit_error", retryAfterSeconds: 12));
        using var response = await client.SendAsync(Chat(Body("@claude/claude-sonnet-4-5"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("12", response.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task Upstream500ApiError_BecomesServerError()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Status(500, "Internal server error", "api_error"));
        using var response = await client.SendAsync(Chat(Body("@claude/claude-sonnet-4-5"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("api_error", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task WrongProviderKey_Is401_AndNeverShowsTheKey()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Status(401, $"invalid x-api-key {AnthropicUpstreamFixture.AnthropicKey}", "authentication_error"));
        using var response = await client.SendAsync(Chat(Body("@claude/claude-sonnet-4-5"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.DoesNotContain(AnthropicUpstreamFixture.AnthropicKey, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UpstreamNonJsonError_BecomesOpenAiShapeWithTheStatus()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Raw(502, "<html>bad gateway</html>"));
        using var response = await client.SendAsync(Chat(Body("@claude/claude-sonnet-4-5"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("claude", await ProviderFieldAsync(response));
    }

    [Fact]
    public async Task UpstreamHangingBeforeHeaders_Returns504()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Hang());
        var started = Stopwatch.StartNew();
        using var response = await client.SendAsync(Chat(Body("@claude/claude-sonnet-4-5"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Equal("upstream_timeout", error.GetProperty("code").GetString());
        Assert.InRange(started.ElapsedMilliseconds, AnthropicUpstreamFixture.UpstreamTimeoutMs - 100, AnthropicUpstreamFixture.UpstreamTimeoutMs + 5000);
    }

    [Fact]
    public async Task ConnectionRefused_Returns502()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@claude-dead/claude-sonnet-4-5"), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("upstream_unreachable", error.GetProperty("code").GetString());
        Assert.Equal("claude-dead", await ProviderFieldAsync(response));
    }

    private static async Task<string?> ProviderFieldAsync(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("provider").GetString();

    private static string NewTrace() => "t-" + Guid.NewGuid().ToString("N");
}
