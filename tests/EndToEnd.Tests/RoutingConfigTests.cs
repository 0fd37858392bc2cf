using System.Net;
using System.Text.Json;

namespace EndToEnd.Tests;

/// <summary>Routing configs saved through the admin API and applied by the data plane, through the real app.</summary>
public sealed class RoutingConfigTests(GatewayAppFixture app)
{
    [Fact]
    public async Task SavedConfig_RoutesRequests_AndANewVersionTakesEffectWithinOneSecond()
    {
        var ct = TestContext.Current.CancellationToken;
        var (first, second) = ("blue-" + Guid.NewGuid().ToString("N")[..8], "green-" + Guid.NewGuid().ToString("N")[..8]);
        await app.CreateMockProviderAsync(first, ct);
        await app.CreateMockProviderAsync(second, ct);
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/configs",
            new { name = "route-" + first, config = new { provider = $"@{first}", override_params = new { model = "mock-large" } } }, HttpStatusCode.Created, ct);
        var id = created.GetProperty("id").GetString()!;
        var key = await app.CreateServiceKeyAsync(ct);

        var routed = await WaitForProviderAsync(key, id, first, ct);
        Assert.Equal("config", routed);

        await app.SendExpectingAsync(HttpMethod.Put, $"/v1/configs/{id}", new
        {
            config = new { strategy = new { mode = "fallback" }, targets = new[] { new { provider = $"@{second}" }, new { provider = $"@{first}" } } },
        }, HttpStatusCode.OK, ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var index = await WaitForProviderAsync(key, id, second, ct);
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(1), $"version 2 took {clock.Elapsed.TotalMilliseconds:F0} ms to reach the data plane");
        Assert.Equal("config.targets[0]", index);
    }

    [Fact]
    public async Task KeyDefaultConfig_AppliesWithoutAHeader_AndAForbiddenOverrideIs403()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "dflt-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var config = await app.SendExpectingAsync(HttpMethod.Post, "/v1/configs",
            new { name = "default-" + slug, config = new { provider = $"@{slug}" } }, HttpStatusCode.Created, ct);
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service", new
        {
            name = "locked to its config",
            defaults = new { config_id = config.GetProperty("id").GetString(), allow_config_override = false },
        }, HttpStatusCode.Created, ct);
        var key = created.GetProperty("key").GetString()!;
        await app.WaitUntilDataPlaneKnowsAsync(key, ct);

        // A plain model: only the key's default config can say where it goes.
        using (var response = await app.DataPlane.SendAsync(Admin.Chat(key, "mock-small", "hi"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(slug, response.Headers.GetValues("x-portkey-provider").Single());
        }

        using var overridden = Admin.Chat(key, "mock-small", "hi");
        overridden.Headers.Add("x-portkey-config", $$"""{"provider":"@{{slug}}"}""");
        using var refused = await app.DataPlane.SendAsync(overridden, ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(ct));
        Assert.Equal("config_override_forbidden", error.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task WorkspaceDefaults_GiveItsKeysAConfigAndMetadata_WhenTheKeysHaveNone()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var workspaceId = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = "Defaults " + suffix, slug = "defaults-" + suffix }, HttpStatusCode.Created, ct)).GetProperty("id").GetString();
        var slug = "wsdf-" + suffix;
        await app.CreateMockProviderAsync(slug, ct);
        var config = await app.SendExpectingAsync(HttpMethod.Post, "/v1/configs",
            new { name = "team default " + suffix, workspace_id = workspaceId, config = new { provider = $"@{slug}" } }, HttpStatusCode.Created, ct);
        await app.SendExpectingAsync(HttpMethod.Put, $"/v1/admin/workspaces/{workspaceId}", new
        {
            defaults = new { config_id = config.GetProperty("id").GetString(), metadata = new Dictionary<string, string> { ["cost_center"] = suffix } },
        }, HttpStatusCode.OK, ct);
        var key = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "no defaults of its own", workspace_id = workspaceId }, HttpStatusCode.Created, ct)).GetProperty("key").GetString()!;
        await app.WaitUntilDataPlaneKnowsAsync(key, ct);

        // A plain model: only the workspace's default config can say where it goes.
        using (var response = await app.DataPlane.SendAsync(Admin.Chat(key, "mock-small", "hi", metadata: """{"_user":"ada"}"""), ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(slug, response.Headers.GetValues("x-portkey-provider").Single());
        }

        // status=200: the readiness probe of WaitUntilDataPlaneKnowsAsync (a 400) carries the workspace's metadata too.
        var log = await app.WaitForSingleLogAsync($"/v1/logs?metadata.cost_center={suffix}&status=200", ct);
        Assert.Equal(config.GetProperty("id").GetString(), log.GetProperty("config_id").GetString());
        Assert.Equal("ada", log.GetProperty("metadata").GetProperty("_user").GetString());
    }

    /// <summary>Sends with the config until <paramref name="slug"/> answers (bounded); returns the option index it reported.</summary>
    private async Task<string> WaitForProviderAsync(string key, string configId, string slug, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var request = Admin.Chat(key, "mock-small", "hi");
            request.Headers.Add("x-portkey-config", configId);
            using var response = await app.DataPlane.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.OK && response.Headers.GetValues("x-portkey-provider").Single() == slug)
            {
                return response.Headers.GetValues("x-portkey-last-used-option-index").Single();
            }

            Assert.True(DateTime.UtcNow < deadline, $"the data plane did not route config {configId} to @{slug} within 10 s (last: {(int)response.StatusCode})");
            await Task.Delay(20, ct);
        }
    }
}
