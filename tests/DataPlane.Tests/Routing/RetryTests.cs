using System.Net;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

public sealed class RetryTests(RoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RoutingFixture>
{
    [Fact]
    public async Task Retry_RetriesTheSameTargetUntilItAnswers()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Primary.EnqueueFault(FakeFault.Status(502, "bad gateway", "server_error"));
        var (response, traceId) = await SendAsync("""{"retry":{"attempts":3},"provider":"@primary"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", Header(response, "x-portkey-retry-attempt-count"));
        Assert.Equal(3, Primary.Requests.Count);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(2, usage.RetryCount);
        Assert.Equal([500, 502, 200], usage.Attempts.Select(a => a.Status));
    }

    [Fact]
    public async Task Retry_GivesUpAfterTheAttempts_WithTheLastError()
    {
        for (var i = 0; i < 3; i++)
        {
            Primary.EnqueueFault(FakeFault.Status(503, $"down {i}", "server_error"));
        }

        var (response, _) = await SendAsync("""{"retry":{"attempts":2},"provider":"@primary"}""");

        var error = await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("down 2", error.GetProperty("message").GetString());
        Assert.Equal("2", Header(response, "x-portkey-retry-attempt-count"));
        Assert.Equal(3, Primary.Requests.Count);
    }

    [Fact]
    public async Task Retry_DoesNotRetryStatusesOutsideOnStatusCodes()
    {
        Primary.EnqueueFault(FakeFault.Status(400, "bad request", "invalid_request_error"));
        var (response, _) = await SendAsync("""{"retry":{"attempts":3},"provider":"@primary"}""");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Single(Primary.Requests);

        Primary.Reset();
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (narrowed, _) = await SendAsync("""{"retry":{"attempts":3,"on_status_codes":[429]},"provider":"@primary"}""");
        await AssertErrorAsync(narrowed, HttpStatusCode.InternalServerError);
        Assert.Single(Primary.Requests);
    }

    [Fact]
    public async Task Retry_HonoursTheUpstreamsRetryAfter_WhenAskedTo()
    {
        Primary.EnqueueFault(FakeFault.Status(429, "slow down", "requests", retryAfterSeconds: 1));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (response, _) = await SendAsync("""{"retry":{"attempts":1,"use_retry_after_header":true},"provider":"@primary"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {watch.Elapsed}, not the 1 s Retry-After asked for");
        Assert.Equal(2, Primary.Requests.Count);
    }

    [Fact]
    public async Task Retry_ThenFallback_RetriesEachTargetBeforeMovingOn()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, traceId) = await SendAsync("""
            {"retry":{"attempts":1},"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("secondary", Header(response, "x-portkey-provider"));
        Assert.Equal(2, Primary.Requests.Count);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(["config.targets[0]", "config.targets[0]", "config.targets[1]"], usage.Attempts.Select(a => a.OptionIndex));
    }

    [Fact]
    public async Task Retry_IsInheritedByTargets_UnlessTheyHaveTheirOwn()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Secondary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Secondary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, traceId) = await SendAsync("""
            {"retry":{"attempts":1},"strategy":{"mode":"fallback"},
             "targets":[{"provider":"@primary","retry":{"attempts":0}},{"provider":"@secondary"}]}
            """);

        // primary: no retry (its own), secondary: one retry (inherited) → 500, 500, 500 and the last error.
        await AssertErrorAsync(response, HttpStatusCode.InternalServerError);
        Assert.Single(Primary.Requests);
        Assert.Equal(2, Secondary.Requests.Count);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(3, usage.Attempts.Count);
    }

    [Fact]
    public async Task Timeout_FromTheHeader_Answers408InOpenAiShape()
    {
        Primary.EnqueueFault(FakeFault.Hang());
        var (response, traceId) = await SendAsync(null, Body("@primary/gpt-4o"), headers: ("x-portkey-request-timeout", "300"));

        var error = await AssertErrorAsync(response, HttpStatusCode.RequestTimeout);
        Assert.Equal("request_timeout", error.GetProperty("code").GetString());
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(408, usage.Status);
    }

    [Fact]
    public async Task Timeout_FromTheConfig_FallsBackToTheNextTarget()
    {
        Primary.EnqueueFault(FakeFault.Hang());
        var (response, _) = await SendAsync("""
            {"request_timeout":300,"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(response));
    }

    [Fact]
    public async Task Timeout_HeaderThatIsNotAPositiveInteger_Is400()
    {
        var (response, _) = await SendAsync(null, Body("@primary/gpt-4o"), headers: ("x-portkey-request-timeout", "soon"));
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("x-portkey-request-timeout", error.GetProperty("message").GetString());
    }
}
