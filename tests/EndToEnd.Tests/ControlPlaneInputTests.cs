namespace EndToEnd.Tests;

/// <summary>Bad input on the admin API gets a problem document, never a 500.</summary>
public sealed class ControlPlaneInputTests(GatewayAppFixture app)
{
    [Fact]
    public async Task CreateProvider_WithoutKey_Returns401Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Post, "/v1/providers", null, new { name = "x", slug = "x", ai_provider = "mock" }), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task CreateProvider_WithUnknownKey_Returns401Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Get, "/v1/providers", "pk-not-a-real-key"), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task CreateProvider_WithMalformedJson_Returns400Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Post, "/v1/providers", app.AdminApiKey, Admin.RawJson("{\"name\": \"x\", ")), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task CreateProvider_WithUnknownKind_Returns400NamingTheField()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Post, "/v1/providers", app.AdminApiKey, new { name = "x", slug = "bad-kind", ai_provider = "skynet" }), ct);
        var problem = await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Contains("ai_provider", problem.GetRawText());
    }

    [Fact]
    public async Task CreateProvider_WithDuplicateSlug_Returns409Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "dup-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        using var response = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Post, "/v1/providers", app.AdminApiKey, new { name = "again", slug, ai_provider = "mock" }), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.Conflict, ct);
    }

    [Fact]
    public async Task CreateProvider_WithOversizedBody_Returns413Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new { name = new string('x', 2 * 1024 * 1024), slug = "too-big", ai_provider = "mock" };
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/providers", app.AdminApiKey, body), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ct);
    }

    [Fact]
    public async Task UpdateProvider_MovingItToAnotherWorkspace_Returns400NamingTheField()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "stay-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Put, $"/v1/providers/{slug}", app.AdminApiKey,
            new { name = "moved", workspace_id = Guid.NewGuid() }), ct);
        var problem = await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Contains("workspace_id", problem.GetRawText());
    }

    [Fact]
    public async Task GetProvider_UnknownSlug_Returns404Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Get, "/v1/providers/no-such-provider", app.AdminApiKey), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.NotFound, ct);
    }

    [Theory]
    [InlineData("/v1/api-keys/galaxy/service")]
    [InlineData("/v1/api-keys/workspace/robot")]
    public async Task CreateApiKey_WithUnknownTypeOrSubType_Returns400Problem(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, path, app.AdminApiKey, new { name = "k" }), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task CreateApiKey_WithUnknownScope_Returns400NamingTheField()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/api-keys/workspace/service",
            app.AdminApiKey, new { name = "k", scopes = new[] { "completions.write", "launch.missiles" } }), ct);
        var problem = await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Contains("scopes", problem.GetRawText());
    }

    [Fact]
    public async Task CreateApiKey_ReturnsSecretOnce_AndNeverOnRead()
    {
        var ct = TestContext.Current.CancellationToken;
        using var created = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Post, "/v1/api-keys/workspace/service", app.AdminApiKey, new { name = "once" }), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        var secret = body.GetProperty("key").GetString()!;
        Assert.StartsWith("pk-", secret);
        Assert.True(secret.Length >= 40);

        using var read = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Get, $"/v1/api-keys/{body.GetProperty("id").GetString()}", app.AdminApiKey), ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var readBody = await read.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(secret, readBody);
        Assert.DoesNotContain("\"key\"", readBody);
    }

    [Theory]
    [InlineData("limit=abc")]
    [InlineData("limit=0")]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("time_of_generation_min=yesterday")]
    public async Task ListLogs_WithBadQuery_Returns400Problem(string query)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Get, $"/v1/logs?{query}", app.AdminApiKey), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task ListLogs_WithKeyLackingScope_Returns403Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await app.CreateServiceKeyAsync(ct, "completions.write");
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Get, "/v1/logs", key), ct);
        await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.Forbidden, ct);
    }
}
