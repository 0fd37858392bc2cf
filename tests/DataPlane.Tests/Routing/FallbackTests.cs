using System.Net;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

public sealed class FallbackTests(RoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RoutingFixture>
{
    private const string PrimaryThenSecondary = """
        {"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
        """;

    [Fact]
    public async Task Fallback_After500_AnswersFromTheNextTarget_AndSaysWhich()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, traceId) = await SendAsync(PrimaryThenSecondary);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(response));
        Assert.Equal("config.targets[1]", Header(response, "x-portkey-last-used-option-index"));
        Assert.Equal("secondary", Header(response, "x-portkey-provider"));
        Assert.Equal("0", Header(response, "x-portkey-retry-attempt-count"));
        Assert.Single(Primary.Requests);

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usage.Status);
        Assert.Equal("secondary", usage.Provider);
        Assert.Equal("config.targets[1]", usage.LastUsedOptionIndex);
        Assert.Collection(usage.Attempts,
            first => Assert.Equal(("config.targets[0]", "primary", 500), (first.OptionIndex, first.Provider, first.Status)),
            second => Assert.Equal(("config.targets[1]", "secondary", 200), (second.OptionIndex, second.Provider, second.Status)));
    }

    [Fact]
    public async Task Fallback_WhenTheFirstAnswers_NeverCallsTheSecond()
    {
        var (response, _) = await SendAsync(PrimaryThenSecondary);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("config.targets[0]", Header(response, "x-portkey-last-used-option-index"));
        Assert.Single(Primary.Requests);
        Assert.Empty(Secondary.Requests);
    }

    [Fact]
    public async Task Fallback_OnStatusCodes_OnlyThoseStatusesFallBack()
    {
        const string onlyOn429 = """
            {"strategy":{"mode":"fallback","on_status_codes":[429]},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
            """;
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, _) = await SendAsync(onlyOn429);
        var error = await AssertErrorAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("boom", error.GetProperty("message").GetString());
        Assert.Empty(Secondary.Requests);

        Primary.Reset();
        Primary.EnqueueFault(FakeFault.Status(429, "slow down", "requests"));
        var (second, _) = await SendAsync(onlyOn429);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(second));
    }

    [Fact]
    public async Task Fallback_OnConnectionFailure_TakesTheNextTarget()
    {
        var (response, traceId) = await SendAsync("""
            {"strategy":{"mode":"fallback","on_status_codes":[429]},"targets":[{"provider":"@dead"},{"provider":"@secondary"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("secondary", Header(response, "x-portkey-provider"));
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal([502, 200], usage.Attempts.Select(a => a.Status));
    }

    [Fact]
    public async Task Fallback_AcrossProviderKinds_TranslatesForEach()
    {
        Primary.EnqueueFault(FakeFault.Status(503, "overloaded", "server_error"));
        var (response, _) = await SendAsync("""
            {"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@claude","override_params":{"model":"claude-3-5-haiku-latest"}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("claude", Header(response, "x-portkey-provider"));
        Assert.StartsWith("Echo: hello there", await ContentAsync(response));
        Assert.Equal("claude-3-5-haiku-latest", Fixture.Anthropic.LastRequest!.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Fallback_AllTargetsFail_ReturnsTheLastError()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "first down", "server_error"));
        Secondary.EnqueueFault(FakeFault.Status(503, "second down", "server_error"));
        var (response, traceId) = await SendAsync(PrimaryThenSecondary);

        var error = await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("second down", error.GetProperty("message").GetString());
        Assert.Equal("config.targets[1]", Header(response, "x-portkey-last-used-option-index"));
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(503, usage.Status);
        Assert.Equal(2, usage.Attempts.Count);
    }

    [Fact]
    public async Task Fallback_NestedToAnyDepth_ReportsTheFullPath()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Secondary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, _) = await SendAsync("""
            {"strategy":{"mode":"fallback"},"targets":[
              {"provider":"@primary"},
              {"strategy":{"mode":"fallback"},"targets":[{"provider":"@secondary"},{"provider":"@mock-x","override_params":{"model":"mock-model"}}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("config.targets[1].targets[1]", Header(response, "x-portkey-last-used-option-index"));
        Assert.Equal("mock-x", Header(response, "x-portkey-provider"));
    }

    [Fact]
    public async Task Stream_FallsBackBeforeTheFirstByte()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, _) = await SendAsync(PrimaryThenSecondary, Body("gpt-4o", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("secondary", text);
        Assert.EndsWith("data: [DONE]\n\n", text);
    }

    [Fact]
    public async Task Stream_BrokenAfterTheFirstByte_IsNeitherRetriedNorFailedOver()
    {
        Primary.EnqueueFault(FakeFault.DropAfter(2));
        var (response, traceId) = await SendAsync("""
            {"retry":{"attempts":3},"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
            """, Body("gpt-4o", stream: true));

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"error\"", text);
        Assert.EndsWith("data: [DONE]\n\n", text);
        Assert.Single(Primary.Requests);
        Assert.Empty(Secondary.Requests);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Single(usage.Attempts);
    }
}
