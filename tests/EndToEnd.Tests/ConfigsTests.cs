namespace EndToEnd.Tests;

/// <summary>Saved configs: immutable versions, validation by path, isolation and audit.</summary>
public sealed class ConfigsTests(GatewayAppFixture app)
{
    [Fact]
    public async Task Config_Lifecycle_VersionsOnChange_AndDeleteHidesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var first = new { strategy = new { mode = "fallback" }, targets = new[] { new { provider = $"@{slug}" }, new { provider = $"@{slug}" } } };
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/configs", new { name = "cfg-" + slug, config = first }, HttpStatusCode.Created, ct);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(1, created.GetProperty("version").GetInt32());

        var unchanged = await app.SendExpectingAsync(HttpMethod.Put, $"/v1/configs/{id}", new { config = first }, HttpStatusCode.OK, ct);
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        var changed = await app.SendExpectingAsync(HttpMethod.Put, $"/v1/configs/{id}",
            new { config = new { retry = new { attempts = 3 }, targets = new[] { new { provider = $"@{slug}" } }, strategy = new { mode = "single" } } },
            HttpStatusCode.OK, ct);
        Assert.Equal(2, changed.GetProperty("version").GetInt32());

        var versions = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/configs/{id}/versions", null, HttpStatusCode.OK, ct);
        Assert.Equal([2, 1], versions.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(3, versions.GetProperty("data")[0].GetProperty("config").GetProperty("retry").GetProperty("attempts").GetInt32());

        using (var deleted = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Delete, $"/v1/configs/{id}", app.AdminApiKey), ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Get, $"/v1/configs/{id}", app.AdminApiKey), ct);
        await ErrorShapes.AssertProblemAsync(gone, HttpStatusCode.NotFound, ct);
        var audit = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/audit-logs?resource_type=config&resource_id={id}", null, HttpStatusCode.OK, ct);
        var actions = audit.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(4, actions.Count); // create, two updates, delete
    }

    [Fact]
    public async Task InvalidConfig_Returns400NamingEveryFailingPath()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Admin.RawJson("""
            {"name":"broken","config":{"strategy":{"mode":"loadbalance"},
             "targets":[{"provider":"@no-such-provider-x","weight":1},{"provider":"@no-such-provider-x","weight":-1}],
             "retry":{"attempts":9}}}
            """);
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/configs", app.AdminApiKey, body), ct);
        var problem = await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("config.targets[1].weight", errors);
        Assert.Contains("config.retry.attempts", errors);
        Assert.Contains(errors, e => e.StartsWith("config.targets[0].provider", StringComparison.Ordinal));
    }
}
