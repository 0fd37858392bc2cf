namespace EndToEnd.Tests;

/// <summary>A workspace key sees only its workspace: another workspace's objects answer 404, not 403.</summary>
public sealed class WorkspaceIsolationTests(GatewayAppFixture app)
{
    [Fact]
    public async Task WorkspaceKey_SeesOnlyItsWorkspace_AndAWorkspaceInUseCannotBeDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var workspace = await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = "Team " + suffix, slug = "team-" + suffix }, HttpStatusCode.Created, ct);
        var workspaceId = workspace.GetProperty("id").GetString();
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service", new
        {
            name = "team key",
            workspace_id = workspaceId,
            scopes = new[] { "providers.read", "configs.read", "configs.write", "workspaces.read", "api_keys.read" },
        }, HttpStatusCode.Created, ct);
        var teamKey = created.GetProperty("key").GetString()!;

        // Objects of the default workspace.
        var defaultSlug = "dflt-" + suffix;
        var defaultWorkspaceId = (await app.SendExpectingAsync(HttpMethod.Get, "/v1/admin/workspaces", null, HttpStatusCode.OK, ct))
            .GetProperty("data").EnumerateArray().First(w => w.GetProperty("slug").GetString() == "default").GetProperty("id").GetString();
        await app.SendExpectingAsync(HttpMethod.Post, "/v1/providers",
            new { name = "d", slug = defaultSlug, ai_provider = "mock", workspace_id = defaultWorkspaceId }, HttpStatusCode.Created, ct);
        var config = await app.SendExpectingAsync(HttpMethod.Post, "/v1/configs",
            new { name = "d-" + suffix, workspace_id = defaultWorkspaceId, config = new { retry = new { attempts = 1 } } }, HttpStatusCode.Created, ct);
        var configId = config.GetProperty("id").GetString();

        foreach (var path in new[] { $"/v1/providers/{defaultSlug}", $"/v1/configs/{configId}", $"/v1/admin/workspaces/{defaultWorkspaceId}" })
        {
            using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Get, path, teamKey), ct);
            await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.NotFound, ct);
        }

        var visibleConfigs = await app.SendExpectingAsync(HttpMethod.Get, "/v1/configs", null, HttpStatusCode.OK, ct, teamKey);
        Assert.DoesNotContain(visibleConfigs.GetProperty("data").EnumerateArray(), c => c.GetProperty("id").GetString() == configId);
        var ownConfig = await app.SendExpectingAsync(HttpMethod.Post, "/v1/configs",
            new { name = "mine", config = new { retry = new { attempts = 2 } } }, HttpStatusCode.Created, ct, teamKey);
        Assert.Equal(workspaceId, ownConfig.GetProperty("workspace_id").GetString());

        using var inUse = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Delete, $"/v1/admin/workspaces/{workspaceId}", app.AdminApiKey), ct);
        await ErrorShapes.AssertProblemAsync(inUse, HttpStatusCode.Conflict, ct);
        using var defaultDelete = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Delete, $"/v1/admin/workspaces/{defaultWorkspaceId}", app.AdminApiKey), ct);
        await ErrorShapes.AssertProblemAsync(defaultDelete, HttpStatusCode.Conflict, ct);
    }
}
