namespace EndToEnd.Tests;

/// <summary>API key update and rotation, as the data plane sees them.</summary>
public sealed class KeyLifecycleTests(GatewayAppFixture app)
{
    [Fact]
    public async Task Rotate_WithoutGrace_NewSecretWorks_AndTheOldOneStops()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = await NewProviderAsync(ct);
        var (oldKey, id) = await app.CreateServiceKeyWithIdAsync(ct);
        var rotated = await app.SendExpectingAsync(HttpMethod.Post, $"/v1/api-keys/{id}/rotate", new { }, HttpStatusCode.OK, ct);
        var newKey = rotated.GetProperty("key").GetString()!;
        Assert.NotEqual(oldKey, newKey);

        await app.WaitUntilDataPlaneRejectsAsync(oldKey, ct);
        await app.WaitUntilDataPlaneKnowsAsync(newKey, ct);
        using var chat = await app.DataPlane.SendAsync(Admin.Chat(newKey, $"@{slug}/m", "hi"), ct);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
    }

    [Fact]
    public async Task Rotate_WithGrace_BothSecretsWorkDuringIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = await NewProviderAsync(ct);
        var (oldKey, id) = await app.CreateServiceKeyWithIdAsync(ct);
        var rotated = await app.SendExpectingAsync(HttpMethod.Post, $"/v1/api-keys/{id}/rotate", new { grace_period_seconds = 300 }, HttpStatusCode.OK, ct);
        var newKey = rotated.GetProperty("key").GetString()!;
        await app.WaitUntilDataPlaneKnowsAsync(newKey, ct);

        foreach (var key in new[] { oldKey, newKey })
        {
            using var chat = await app.DataPlane.SendAsync(Admin.Chat(key, $"@{slug}/m", "hi"), ct);
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }
    }

    [Fact]
    public async Task Update_ScopesWithoutCompletions_IsRefusedByTheDataPlane_AndAuditedWithoutSecrets()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = await NewProviderAsync(ct);
        var (key, id) = await app.CreateServiceKeyWithIdAsync(ct);
        var updated = await app.SendExpectingAsync(HttpMethod.Put, $"/v1/api-keys/{id}", new { name = "renamed", scopes = new[] { "logs.view" } }, HttpStatusCode.OK, ct);
        Assert.Equal("renamed", updated.GetProperty("name").GetString());

        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            using var chat = await app.DataPlane.SendAsync(Admin.Chat(key, $"@{slug}/m", "hi"), ct);
            status = chat.StatusCode;
            await Task.Delay(50, ct);
        }
        while (status != HttpStatusCode.Forbidden && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        var audit = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/audit-logs?resource_id={id}&action=update", null, HttpStatusCode.OK, ct);
        var entry = Assert.Single(audit.GetProperty("data").EnumerateArray());
        Assert.Equal("success", entry.GetProperty("outcome").GetString());
        Assert.Contains("renamed", entry.GetProperty("summary").GetString());
        Assert.DoesNotContain(key, audit.GetRawText());
    }

    [Theory]
    [InlineData("workspace_id")]
    [InlineData("type")]
    [InlineData("key")]
    public async Task Update_ReadOnlyField_Returns400NamingIt(string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, id) = await app.CreateServiceKeyWithIdAsync(ct);
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Put, $"/v1/api-keys/{id}", app.AdminApiKey,
            Admin.RawJson($$"""{"name":"x","{{field}}":"{{Guid.NewGuid()}}"}""")), ct);
        var problem = await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Contains(field, problem.GetRawText());
    }

    private async Task<string> NewProviderAsync(CancellationToken ct)
    {
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        return slug;
    }
}
