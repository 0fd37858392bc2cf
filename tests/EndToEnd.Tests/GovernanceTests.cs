namespace EndToEnd.Tests;

/// <summary>What the admin API promises around keys, secrets and its own documentation.</summary>
public sealed class GovernanceTests(GatewayAppFixture app)
{
    [Fact]
    public async Task Revocation_ReachesTheDataPlaneWithinOneSecond()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var (key, id) = await app.CreateServiceKeyWithIdAsync(ct);
        using (var before = await app.DataPlane.SendAsync(Admin.Chat(key, $"@{slug}/m", "hi"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoked = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Delete, $"/v1/api-keys/{id}", app.AdminApiKey), ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await app.WaitUntilDataPlaneRejectsAsync(key, ct);
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(1), $"revocation took {clock.Elapsed.TotalMilliseconds:F0} ms to reach the data plane");
    }

    [Fact]
    public async Task NewProvider_ReachesTheDataPlaneWithinOneSecond()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await app.CreateServiceKeyAsync(ct);
        var slug = "late-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await app.DataPlane.SendAsync(Admin.Chat(key, $"@{slug}/m", "hi"), ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(1), "the new provider did not reach the data plane within 1 s");
            await Task.Delay(20, ct);
        }
    }

    [Fact]
    public async Task ProviderKey_IsNeverReturned_AndTheMutationIsAuditedWithoutIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "secret-" + Guid.NewGuid().ToString("N")[..8];
        var providerKey = "sk-e2e-" + Guid.NewGuid().ToString("N");
        using var created = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/providers", app.AdminApiKey,
            new { name = "Secretive", slug, ai_provider = "openai", key = providerKey }), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdBody = await created.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(providerKey, createdBody);
        Assert.True(JsonDocument.Parse(createdBody).RootElement.GetProperty("has_key").GetBoolean());

        using var read = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Get, $"/v1/providers/{slug}", app.AdminApiKey), ct);
        Assert.DoesNotContain(providerKey, await read.Content.ReadAsStringAsync(ct));

        using var audit = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Get, "/v1/audit-logs?limit=500", app.AdminApiKey), ct);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        var auditBody = await audit.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(providerKey, auditBody);
        Assert.DoesNotContain(app.AdminApiKey, auditBody);
        var entries = JsonDocument.Parse(auditBody).RootElement.GetProperty("data").EnumerateArray();
        Assert.Contains(entries, e =>
            e.GetProperty("method").GetString() == "POST"
            && e.GetProperty("path").GetString() == "/v1/providers"
            && e.GetProperty("status_code").GetInt32() == 201);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheAdminRoutes_AndTheReferencePageAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await app.ControlPlane.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/providers", paths);
        Assert.Contains("/v1/api-keys/{type}/{sub_type}", paths);
        Assert.Contains("/v1/logs", paths);
        Assert.Contains("trace_id", QueryParameters(document, "/v1/logs"));
        Assert.Contains("action", QueryParameters(document, "/v1/audit-logs"));

        using var scalar = await app.ControlPlane.GetAsync("/scalar", ct);
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }

    private static List<string?> QueryParameters(JsonElement document, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .Select(p => p.GetProperty("name").GetString())
            .ToList();
}
