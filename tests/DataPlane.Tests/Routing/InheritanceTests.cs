using System.Diagnostics;
using System.Net;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

public sealed class InheritanceTests(RoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RoutingFixture>
{
    private const string ClientBody = """
        {"model":"gpt-4o","temperature":0.9,"max_tokens":77,"user":"u-1",
         "messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}]}
        """;

    [Fact]
    public async Task OverrideParams_ChildMergesOverParent_ChildWinsAndOtherFieldsAreUntouched()
    {
        var (response, _) = await SendAsync("""
            {"override_params":{"temperature":0.1,"model":"gpt-4o-mini"},
             "strategy":{"mode":"fallback"},
             "targets":[{"provider":"@primary","override_params":{"temperature":0.5}}]}
            """, ClientBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Primary.LastRequest!.Json;
        Assert.Equal(0.5, sent.GetProperty("temperature").GetDouble());
        Assert.Equal("gpt-4o-mini", sent.GetProperty("model").GetString());
        Assert.Equal(77, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal("u-1", sent.GetProperty("user").GetString());
        var messages = sent.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("hello there", messages[1].GetProperty("content").GetString());
        Assert.Equal("be brief", messages[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task OverrideParams_SiblingWithoutItsOwn_GetsTheParentsOnly()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, _) = await SendAsync("""
            {"override_params":{"temperature":0.1,"model":"gpt-4o-mini"},
             "strategy":{"mode":"fallback"},
             "targets":[{"provider":"@primary","override_params":{"temperature":0.5,"model":"gpt-4.1"}},{"provider":"@secondary"}]}
            """, ClientBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(response));
        var first = Primary.LastRequest!.Json;
        Assert.Equal((0.5, "gpt-4.1"), (first.GetProperty("temperature").GetDouble(), first.GetProperty("model").GetString()));
        var second = Secondary.LastRequest!.Json;
        Assert.Equal((0.1, "gpt-4o-mini"), (second.GetProperty("temperature").GetDouble(), second.GetProperty("model").GetString()));
        Assert.Equal(77, second.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task OverrideParams_MergeThroughSeveralLevels_TheDeepestWinsPerField()
    {
        var (response, _) = await SendAsync("""
            {"override_params":{"temperature":0.1,"top_p":0.3},
             "targets":[{"override_params":{"top_p":0.6,"max_tokens":5},
                         "targets":[{"provider":"@primary","override_params":{"temperature":0.7}}]}]}
            """, ClientBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("config.targets[0].targets[0]", Header(response, "x-portkey-last-used-option-index"));
        var sent = Primary.LastRequest!.Json;
        Assert.Equal(0.7, sent.GetProperty("temperature").GetDouble());
        Assert.Equal(0.6, sent.GetProperty("top_p").GetDouble());
        Assert.Equal(5, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal("gpt-4o", sent.GetProperty("model").GetString());
    }

    [Fact]
    public async Task OverrideParamsModel_WinsOverTheClientsAtSlashModel()
    {
        var (response, traceId) = await SendAsync("""{"override_params":{"model":"gpt-4o-mini"}}""", Body("@primary/gpt-4o"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("primary", Header(response, "x-portkey-provider"));
        Assert.Equal("gpt-4o-mini", Primary.LastRequest!.Json.GetProperty("model").GetString());
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal("gpt-4o-mini", usage.Model);
    }

    [Fact]
    public async Task OverrideParamsModel_WithAConfigProvider_WinsOverTheClientsProviderAndModel()
    {
        var (response, _) = await SendAsync("""{"provider":"@secondary","override_params":{"model":"gpt-4o-mini"}}""", Body("@primary/gpt-4o"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("secondary", Header(response, "x-portkey-provider"));
        Assert.Empty(Primary.Requests);
        Assert.Equal("gpt-4o-mini", Secondary.LastRequest!.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task RequestTimeout_IsInheritedByANestedChild_AndAnswers408()
    {
        Primary.EnqueueFault(FakeFault.Hang());
        var watch = Stopwatch.StartNew();
        var (response, traceId) = await SendAsync("""
            {"request_timeout":300,"targets":[{"targets":[{"provider":"@primary"}]}]}
            """);

        var error = await AssertErrorAsync(response, HttpStatusCode.RequestTimeout);
        Assert.Equal("request_timeout", error.GetProperty("code").GetString());
        // Well under the 5 s upstream timeout: the inherited 300 ms bounded the call.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(408, usage.Status);
        Assert.Equal("config.targets[0].targets[0]", usage.LastUsedOptionIndex);
    }

    [Fact]
    public async Task RequestTimeout_InheritedByFallbackTargets_TimesOutTheFirstAndAnswersFromTheNext()
    {
        Primary.EnqueueFault(FakeFault.Hang());
        var (response, traceId) = await SendAsync("""
            {"request_timeout":300,"strategy":{"mode":"fallback"},
             "targets":[{"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(response));
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal([408, 200], usage.Attempts.Select(a => a.Status));
    }

    [Fact]
    public async Task RequestTimeout_ChildsOwnWinsOverTheParents()
    {
        // The parent allows a minute; the child's own 300 ms decides, so the fallback happens at once.
        Primary.EnqueueFault(FakeFault.Hang());
        var watch = Stopwatch.StartNew();
        var (response, _) = await SendAsync("""
            {"request_timeout":60000,"strategy":{"mode":"fallback"},
             "targets":[{"provider":"@primary","request_timeout":300},{"provider":"@secondary"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("secondary", Header(response, "x-portkey-provider"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task OverrideParams_ThatMakeTheRequestInvalid_Are400NamingTheTarget()
    {
        var (response, _) = await SendAsync("""
            {"targets":[{"provider":"@primary","override_params":{"messages":"not an array"}}]}
            """);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("config.targets[0].override_params", error.GetProperty("message").GetString());
        Assert.Empty(Primary.Requests);
    }
}
