namespace EndToEnd.Tests;

/// <summary>The user's own example, as written: an organisation key that may read configs and logs, and nothing else.</summary>
public sealed class UserExampleTests(GatewayAppFixture app)
{
    [Fact]
    public async Task OrganisationKeyWithLogsAndConfigsScopes_ReadsConfigsAndLogs_AndNothingElse()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var workspaces = await app.SendExpectingAsync(HttpMethod.Get, "/v1/admin/workspaces", null, HttpStatusCode.OK, ct);
        var workspaceId = workspaces.GetProperty("data").EnumerateArray()
            .First(w => w.GetProperty("slug").GetString() == "default").GetProperty("id").GetString();
        using var config = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/configs", app.AdminApiKey, new
        {
            name = "example config",
            workspace_id = workspaceId,
            config = new { strategy = new { mode = "fallback" }, targets = new[] { new { provider = $"@{slug}" }, new { provider = $"@{slug}" } } },
        }), ct);
        Assert.Equal(HttpStatusCode.Created, config.StatusCode);
        var configId = (await config.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
        Assert.StartsWith("pc-", configId);

        using var created = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/api-keys/organisation/service", app.AdminApiKey, new
        {
            name = "Analytics reader",
            type = "organisation",
            workspace_id = workspaceId,
            defaults = new
            {
                config_id = configId,
                metadata = new { environment = "production", department = "finance", team = "analytics" },
            },
            scopes = new[] { "logs.view", "configs.read" },
        }), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        var key = body.GetProperty("key").GetString()!;
        Assert.Equal(["logs.view", "configs.read"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/v1/configs", key, ct));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, $"/v1/configs/{configId}", key, ct));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/v1/logs", key, ct));
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/v1/providers"), (HttpMethod.Get, "/v1/api-keys"), (HttpMethod.Get, "/v1/admin/workspaces"),
            (HttpMethod.Get, "/v1/audit-logs"), (HttpMethod.Post, "/v1/configs"), (HttpMethod.Delete, $"/v1/configs/{configId}"),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(method, path, key, ct));
        }

        using var chat = await app.DataPlane.SendAsync(Admin.Chat(key, $"@{slug}/m", "hi"), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(chat, HttpStatusCode.Forbidden, ct);

        // Shown once: reading the key back never returns the secret.
        var readBack = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/api-keys/{body.GetProperty("id").GetString()}", null, HttpStatusCode.OK, ct);
        Assert.DoesNotContain(key, readBack.GetRawText());
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string key, CancellationToken ct)
    {
        var body = method == HttpMethod.Post ? Admin.RawJson("{\"name\":\"x\",\"config\":{}}") : null;
        using var response = await app.ControlPlane.SendAsync(Admin.Request(method, path, key, body), ct);
        return response.StatusCode;
    }
}
