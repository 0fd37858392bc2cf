using System.Net;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

public sealed class ConfigSourceTests(RoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RoutingFixture>
{
    [Fact]
    public async Task SavedConfigId_RunsTheConfig_AndTheUsageEventRecordsItsIdAndVersion()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, traceId) = await SendAsync(RoutingFixture.FallbackConfigId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(response));
        Assert.Equal("config.targets[1]", Header(response, "x-portkey-last-used-option-index"));
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(RoutingFixture.FallbackConfigId, usage.ConfigId);
        Assert.Equal(3, usage.ConfigVersion);
    }

    [Fact]
    public async Task InlineConfig_UsageEventHasNoConfigId()
    {
        var (response, traceId) = await SendAsync("""{"provider":"@mock-x"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Null(usage.ConfigId);
        Assert.Null(usage.ConfigVersion);
        Assert.Equal("config", usage.LastUsedOptionIndex);
    }

    [Fact]
    public async Task UnknownConfigId_Is404ConfigNotFound()
    {
        var (response, _) = await SendAsync("pc-doesnotexist1");

        var error = await AssertErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("config_not_found", error.GetProperty("code").GetString());
        Assert.Contains("pc-doesnotexist1", error.GetProperty("message").GetString());
        Assert.Empty(Primary.Requests);
    }

    [Fact]
    public async Task AnotherWorkspacesConfigId_Is404LikeAMissingOne()
    {
        var (response, _) = await SendAsync(RoutingFixture.OtherWorkspaceConfigId, key: TestSnapshot.CompletionKey);

        var error = await AssertErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("config_not_found", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task KeysDefaultConfig_AppliesWithoutAHeader()
    {
        Primary.EnqueueFault(FakeFault.Status(503, "down", "server_error"));
        var (response, traceId) = await SendAsync(null, key: RoutingFixture.DefaultConfigKey);

        // The plain model "gpt-4o" names no provider: only the key's fallback config can route it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(response));
        Assert.Equal("config.targets[1]", Header(response, "x-portkey-last-used-option-index"));
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(RoutingFixture.FallbackConfigId, usage.ConfigId);
        Assert.Equal(3, usage.ConfigVersion);
    }

    [Fact]
    public async Task KeysDefaultConfig_HeaderConfigOverridesIt_WhenTheKeyAllows()
    {
        var (response, traceId) = await SendAsync("""{"provider":"@mock-x"}""", key: RoutingFixture.DefaultConfigKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mock-x", Header(response, "x-portkey-provider"));
        Assert.Empty(Primary.Requests);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Null(usage.ConfigId);
    }

    [Theory]
    [InlineData(RoutingFixture.FallbackConfigId)]
    [InlineData("""{"provider":"@mock-x"}""")]
    public async Task LockedKey_AnyHeaderConfig_Is403ConfigOverrideForbidden(string config)
    {
        var (response, _) = await SendAsync(config, key: RoutingFixture.LockedConfigKey);

        var error = await AssertErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("config_override_forbidden", error.GetProperty("code").GetString());
        Assert.Empty(Primary.Requests);
    }

    [Fact]
    public async Task LockedKey_WithoutAHeader_RunsItsDefaultConfig()
    {
        var (response, traceId) = await SendAsync(null, key: RoutingFixture.LockedConfigKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("primary", Header(response, "x-portkey-provider"));
        Assert.Equal("config.targets[0]", Header(response, "x-portkey-last-used-option-index"));
        Assert.Single(Primary.Requests);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(RoutingFixture.FallbackConfigId, usage.ConfigId);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"provider":"@mock-x",}""")]
    [InlineData("""{"provider":"@mock-x"}}""")]
    public async Task InlineConfig_InvalidJson_Is400(string config)
    {
        var (response, _) = await SendAsync(config);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_config", error.GetProperty("code").GetString());
        Assert.Equal("x-portkey-config", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task InlineConfig_WithSeveralErrors_Is400NamingEveryFailingPath()
    {
        var (response, _) = await SendAsync("""
            {"strategy":{"mode":"roundrobin"},"retry":{"attempts":9},"request_timeout":-5,
             "targets":[{"provider":"@mock-x"},{"provider":"@mock-y","weight":-1},{"provider":"@mock-x","colour":"blue"}]}
            """);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_config", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("strategy.mode", message);
        Assert.Contains("retry.attempts", message);
        Assert.Contains("request_timeout", message);
        Assert.Contains("targets[1].weight", message);
        Assert.Contains("targets[2].colour", message);
        Assert.DoesNotContain("targets[0]", message);
    }

    [Fact]
    public async Task InlineConfig_UnknownProviderSlug_Is400NamingTheTargetsProvider()
    {
        var (response, _) = await SendAsync("""
            {"strategy":{"mode":"fallback"},"targets":[{"provider":"@nope-such"},{"provider":"@mock-x"}]}
            """);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("targets[0].provider", message);
        Assert.Contains("nope-such", message);
        Assert.DoesNotContain("targets[1]", message);
    }

    [Fact]
    public async Task InlineConfig_AnotherWorkspacesProvider_Is400ForAWorkspaceKey()
    {
        // mock-b belongs to workspace B; the completion key is workspace A's.
        var (response, _) = await SendAsync("""{"provider":"@mock-b"}""", key: TestSnapshot.CompletionKey);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_config", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("provider", message);
        Assert.Contains("mock-b", message);
    }

    [Fact]
    public async Task InlineConfig_AnotherWorkspacesProvider_IsVisibleToAnOrganisationKey()
    {
        // The control for the test above: the slug exists, only the workspace hides it.
        var (response, _) = await SendAsync("""{"provider":"@mock-b"}""", key: TestSnapshot.OrgKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mock-b", Header(response, "x-portkey-provider"));
    }

    [Fact]
    public async Task InlineConfig_SharedProvider_IsUsableByAWorkspaceKey()
    {
        var (response, _) = await SendAsync("""{"provider":"@mock-shared"}""", key: TestSnapshot.CompletionKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mock-shared", Header(response, "x-portkey-provider"));
    }
}
