using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Json;
using Contracts.Snapshots;
using ControlPlane.Auth;
using ControlPlane.Guardrails;
using ControlPlane.Tests.Governance;
using StackExchange.Redis;

namespace ControlPlane.Tests.Guardrails;

/// <summary><c>/v1/guardrails</c> and the guardrail references of configs and workspace defaults, on real PostgreSQL and Redis.</summary>
public sealed class GuardrailsApiTests(GovernanceHost host) : IClassFixture<GovernanceHost>
{
    private static readonly JsonElement Pii = Json("""{"portkey.pii": {"redact": true}, "deny": false}""");

    /// <summary>Guardrails as raw JSON: their parameter names are camelCase, which the snake_case test serializer would rename.</summary>
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string? key = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            // A request's own header wins over the client's default (the admin key).
            request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: GovernanceHost.Json);
        }

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> CreateGuardrailAsync(JsonElement? guardrail = null, Guid? workspaceId = null, string? key = null)
    {
        var created = await SendAsync(HttpMethod.Post, "/v1/guardrails",
            new { name = Unique("gr-"), workspace_id = workspaceId, guardrail = guardrail ?? Pii }, HttpStatusCode.Created, key);
        return created.GetProperty("id").GetString()!;
    }

    private async Task<Guid> CreateWorkspaceAsync() =>
        (await SendAsync(HttpMethod.Post, "/v1/admin/workspaces", new { name = "W", slug = Unique("w") }, HttpStatusCode.Created))
        .GetProperty("id").GetGuid();

    private async Task<string> CreateWorkspaceKeyAsync(Guid workspaceId) =>
        (await SendAsync(HttpMethod.Post, "/v1/api-keys/workspace/service", new
        {
            name = "ws", workspace_id = workspaceId,
            scopes = new[] { "configs.read", "configs.write", "workspaces.read", "workspaces.write" },
        }, HttpStatusCode.Created)).GetProperty("key").GetString()!;

    private async Task<string> CreateProviderAsync(Guid? workspaceId = null)
    {
        var slug = Unique("p");
        await SendAsync(HttpMethod.Post, "/v1/providers", new { name = "P", slug, ai_provider = "mock", workspace_id = workspaceId }, HttpStatusCode.Created);
        return slug;
    }

    private async Task<GatewaySnapshot> SnapshotAsync()
    {
        var json = await host.Redis.GetDatabase().StringGetAsync(SnapshotChannel.SnapshotKey);
        return JsonSerializer.Deserialize<GatewaySnapshot>(json.ToString(), ContractJson.Options)!;
    }

    private async Task<List<string>> AuditActionsAsync(string id)
    {
        // The audit entry is written as the response completes: allow it a moment.
        for (var attempt = 0; ; attempt++)
        {
            var audit = await SendAsync(HttpMethod.Get, $"/v1/audit-logs?resource_type=guardrail&resource_id={id}&limit=50", null, HttpStatusCode.OK);
            var actions = audit.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToList();
            if (actions.Count >= 3 || attempt == 40)
            {
                return actions;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static IEnumerable<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);

    [Fact]
    public async Task Crud_CreateGetListUpdateDelete_AuditedAndPublishedInTheSnapshot()
    {
        var name = Unique("pii-");
        var created = await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name, guardrail = Pii }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^pg-[a-z0-9]{12}$", id);
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("workspace_id").ValueKind);
        Assert.True(created.GetProperty("guardrail").GetProperty("portkey.pii").GetProperty("redact").GetBoolean());
        Assert.Contains((await SnapshotAsync()).Guardrails, g => g.Id == id && g.Name == name && g.WorkspaceId is null);

        var read = await SendAsync(HttpMethod.Get, $"/v1/guardrails/{id}", null, HttpStatusCode.OK);
        Assert.True(JsonElement.DeepEquals(created, read), read.GetRawText());
        var list = await SendAsync(HttpMethod.Get, "/v1/guardrails", null, HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("data").EnumerateArray(), g => g.GetProperty("id").GetString() == id);

        var replacement = Json("""{"default.wordCount": {"maxWords": 50}, "deny": true}""");
        var updated = await SendAsync(HttpMethod.Put, $"/v1/guardrails/{id}", new { name = name + "-v2", guardrail = replacement }, HttpStatusCode.OK);
        Assert.Equal(name + "-v2", updated.GetProperty("name").GetString());
        Assert.False(updated.GetProperty("guardrail").TryGetProperty("portkey.pii", out _));
        var published = (await SnapshotAsync()).Guardrails.Single(g => g.Id == id);
        Assert.Equal(50, published.Definition.GetProperty("default.wordCount").GetProperty("maxWords").GetInt32());

        await SendAsync(HttpMethod.Delete, $"/v1/guardrails/{id}", null, HttpStatusCode.NoContent);
        await SendAsync(HttpMethod.Get, $"/v1/guardrails/{id}", null, HttpStatusCode.NotFound);
        Assert.DoesNotContain((await SnapshotAsync()).Guardrails, g => g.Id == id);
        Assert.Equal(["create", "delete", "update"], (await AuditActionsAsync(id)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WebhookHeaderValues_AreWriteOnly_AMaskSentBackKeepsThem_AndTheDataPlaneGetsTheRealOnes()
    {
        var webhook = Json("""
            {"default.webhook": {"webhookURL": "https://checks.example.com", "headers": {"Authorization": "Bearer wh-s3cret"}}}
            """);
        var created = await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name = Unique("wh-"), guardrail = webhook }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        foreach (var read in new[] { created, await SendAsync(HttpMethod.Get, $"/v1/guardrails/{id}", null, HttpStatusCode.OK) })
        {
            Assert.DoesNotContain("wh-s3cret", read.GetRawText());
            Assert.Equal(WebhookHeaderSecrets.Mask,
                read.GetProperty("guardrail").GetProperty("default.webhook").GetProperty("headers").GetProperty("Authorization").GetString());
        }

        Assert.DoesNotContain("wh-s3cret", (await SendAsync(HttpMethod.Get, "/v1/guardrails", null, HttpStatusCode.OK)).GetRawText());

        // The console's editor sends back what it read, mask included: the secret stays.
        var edited = Json(created.GetProperty("guardrail").GetRawText().Replace("checks.example.com", "checks.example.com/v2"));
        await SendAsync(HttpMethod.Put, $"/v1/guardrails/{id}", new { guardrail = edited }, HttpStatusCode.OK);
        var published = (await SnapshotAsync()).Guardrails.Single(g => g.Id == id).Definition.GetProperty("default.webhook");
        Assert.Equal("https://checks.example.com/v2", published.GetProperty("webhookURL").GetString());
        Assert.Equal("Bearer wh-s3cret", published.GetProperty("headers").GetProperty("Authorization").GetString());

        var rotated = Json("""
            {"default.webhook": {"webhookURL": "https://checks.example.com", "headers": {"Authorization": "Bearer wh-n3w"}}}
            """);
        await SendAsync(HttpMethod.Put, $"/v1/guardrails/{id}", new { guardrail = rotated }, HttpStatusCode.OK);
        Assert.Equal("Bearer wh-n3w", (await SnapshotAsync()).Guardrails.Single(g => g.Id == id)
            .Definition.GetProperty("default.webhook").GetProperty("headers").GetProperty("Authorization").GetString());
    }

    [Fact]
    public async Task Create_WithMissingFields_Returns400NamingEach()
    {
        var problem = await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name = " " }, HttpStatusCode.BadRequest);
        Assert.Equal(["guardrail", "name"], ErrorFields(problem).Order(StringComparer.Ordinal));

        var notObject = await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name = "x", guardrail = "pg-aaaaaaaaaaaa" }, HttpStatusCode.BadRequest);
        Assert.Equal(["guardrail"], ErrorFields(notObject));
    }

    [Fact]
    public async Task Create_WithUnknownCheckOrBadParameters_Returns400UnderTheGuardrailPath()
    {
        var body = new
        {
            name = "bad",
            guardrail = Json("""{"default.nope": {}, "default.regexMatch": {"rule": 5}, "deny": "yes"}"""),
        };

        var problem = await SendAsync(HttpMethod.Post, "/v1/guardrails", body, HttpStatusCode.BadRequest);

        var fields = ErrorFields(problem).ToList();
        Assert.True(fields.Count >= 3, string.Join(", ", fields));
        Assert.All(fields, f => Assert.StartsWith("guardrail", f, StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("default.nope", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("regexMatch", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("deny", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_WorkspaceIdOrEmptyBody_Returns400()
    {
        var id = await CreateGuardrailAsync();

        var moved = await SendAsync(HttpMethod.Put, $"/v1/guardrails/{id}", new { workspace_id = Guid.NewGuid() }, HttpStatusCode.BadRequest);
        Assert.Contains("workspace_id", ErrorFields(moved));
        await SendAsync(HttpMethod.Put, $"/v1/guardrails/{id}", new { }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_WithATakenNameInTheSameScope_Returns409_ButAnotherWorkspaceMayReuseIt()
    {
        var name = Unique("dup-");
        await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name, guardrail = Pii }, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name, guardrail = Pii }, HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name, guardrail = Pii, workspace_id = await CreateWorkspaceAsync() }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_InAnUnknownWorkspace_Returns404()
    {
        await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name = "x", guardrail = Pii, workspace_id = Guid.NewGuid() }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WorkspaceKey_SeesItsOwnAndOrganisationGuardrails_AnotherWorkspacesIs404_OrganisationOnesReadOnly()
    {
        var mine = await CreateWorkspaceAsync();
        var other = await CreateWorkspaceAsync();
        var key = await CreateWorkspaceKeyAsync(mine);
        var shared = await CreateGuardrailAsync();
        var theirs = await CreateGuardrailAsync(workspaceId: other);
        // A workspace key's guardrail lands in its workspace, whatever workspace_id says.
        var created = await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name = "own", guardrail = Pii, workspace_id = other }, HttpStatusCode.Created, key);
        Assert.Equal(mine, created.GetProperty("workspace_id").GetGuid());
        var own = created.GetProperty("id").GetString()!;

        var listed = (await SendAsync(HttpMethod.Get, "/v1/guardrails", null, HttpStatusCode.OK, key))
            .GetProperty("data").EnumerateArray().Select(g => g.GetProperty("id").GetString()).ToList();
        Assert.Contains(own, listed);
        Assert.Contains(shared, listed);
        Assert.DoesNotContain(theirs, listed);

        await SendAsync(HttpMethod.Get, $"/v1/guardrails/{theirs}", null, HttpStatusCode.NotFound, key);
        await SendAsync(HttpMethod.Put, $"/v1/guardrails/{theirs}", new { name = "hijack" }, HttpStatusCode.NotFound, key);
        await SendAsync(HttpMethod.Delete, $"/v1/guardrails/{theirs}", null, HttpStatusCode.NotFound, key);
        await SendAsync(HttpMethod.Get, $"/v1/guardrails/{shared}", null, HttpStatusCode.OK, key);
        await SendAsync(HttpMethod.Put, $"/v1/guardrails/{shared}", new { name = "hijack" }, HttpStatusCode.Forbidden, key);
        await SendAsync(HttpMethod.Delete, $"/v1/guardrails/{shared}", null, HttpStatusCode.Forbidden, key);
        await SendAsync(HttpMethod.Put, $"/v1/guardrails/{own}", new { name = "renamed" }, HttpStatusCode.OK, key);
        await SendAsync(HttpMethod.Get, $"/v1/guardrails/{theirs}", null, HttpStatusCode.OK);
    }

    [Fact]
    public async Task WorkspaceKey_WithoutConfigsScopes_IsRefused403()
    {
        var workspace = await CreateWorkspaceAsync();
        var key = (await SendAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "ws", workspace_id = workspace, scopes = new[] { "completions.write" } }, HttpStatusCode.Created)).GetProperty("key").GetString()!;

        await SendAsync(HttpMethod.Get, "/v1/guardrails", null, HttpStatusCode.Forbidden, key);
        await SendAsync(HttpMethod.Post, "/v1/guardrails", new { name = "x", guardrail = Pii }, HttpStatusCode.Forbidden, key);
    }

    [Fact]
    public async Task Delete_WhileAConfigNamesIt_Returns409NamingTheConfig_AndSucceedsOnceTheReferenceIsGone()
    {
        var id = await CreateGuardrailAsync();
        var slug = await CreateProviderAsync();
        var config = await SendAsync(HttpMethod.Post, "/v1/configs", new
        {
            name = Unique("cfg-"),
            config = new { strategy = new { mode = "fallback" }, targets = new object[] { new { provider = $"@{slug}", output_guardrails = new[] { id } }, new { provider = $"@{slug}" } } },
        }, HttpStatusCode.Created);
        var configId = config.GetProperty("id").GetString()!;

        var conflict = await SendAsync(HttpMethod.Delete, $"/v1/guardrails/{id}", null, HttpStatusCode.Conflict);
        Assert.Contains(configId, conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains((await SnapshotAsync()).Guardrails, g => g.Id == id);

        await SendAsync(HttpMethod.Put, $"/v1/configs/{configId}", new { config = new { provider = $"@{slug}" } }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Delete, $"/v1/guardrails/{id}", null, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Delete_WhileAWorkspaceDefaultNamesIt_Returns409NamingTheWorkspace()
    {
        var workspace = await CreateWorkspaceAsync();
        var id = await CreateGuardrailAsync(workspaceId: workspace);
        var ws = await SendAsync(HttpMethod.Put, $"/v1/admin/workspaces/{workspace}",
            new { defaults = new { output_guardrails = new[] { id } } }, HttpStatusCode.OK);

        var conflict = await SendAsync(HttpMethod.Delete, $"/v1/guardrails/{id}", null, HttpStatusCode.Conflict);
        var detail = conflict.GetProperty("detail").GetString()!;
        Assert.Contains(ws.GetProperty("slug").GetString()!, detail, StringComparison.Ordinal);
        Assert.Contains("defaults.output_guardrails", detail, StringComparison.Ordinal);

        await SendAsync(HttpMethod.Put, $"/v1/admin/workspaces/{workspace}", new { defaults = new { } }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Delete, $"/v1/guardrails/{id}", null, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task WorkspaceDefaults_GuardrailIdsAndInlineObjects_RoundTripAndReachTheSnapshot()
    {
        var workspace = await CreateWorkspaceAsync();
        var own = await CreateGuardrailAsync(workspaceId: workspace);
        var shared = await CreateGuardrailAsync();
        var inline = Json("""{"default.characterCount": {"maxCharacters": 2000}, "deny": true}""");

        await SendAsync(HttpMethod.Put, $"/v1/admin/workspaces/{workspace}", new
        {
            defaults = new { log_bodies = true, input_guardrails = new object[] { own, inline }, output_guardrails = new object[] { shared } },
        }, HttpStatusCode.OK);

        var defaults = (await SendAsync(HttpMethod.Get, $"/v1/admin/workspaces/{workspace}", null, HttpStatusCode.OK)).GetProperty("defaults");
        Assert.Equal(own, defaults.GetProperty("input_guardrails")[0].GetString());
        Assert.Equal(2000, defaults.GetProperty("input_guardrails")[1].GetProperty("default.characterCount").GetProperty("maxCharacters").GetInt32());
        Assert.Equal(shared, defaults.GetProperty("output_guardrails")[0].GetString());
        Assert.True(defaults.GetProperty("log_bodies").GetBoolean());

        var entry = (await SnapshotAsync()).Workspaces.Single(w => w.Id == workspace);
        Assert.Equal(own, entry.InputGuardrails[0].GetString());
        Assert.True(entry.InputGuardrails[1].GetProperty("deny").GetBoolean());
        Assert.Equal(shared, Assert.Single(entry.OutputGuardrails).GetString());
    }

    [Fact]
    public async Task WorkspaceDefaults_NamingUnknownOrAnotherWorkspacesGuardrail_Returns400NamingThePaths()
    {
        var workspace = await CreateWorkspaceAsync();
        var theirs = await CreateGuardrailAsync(workspaceId: await CreateWorkspaceAsync());

        var problem = await SendAsync(HttpMethod.Put, $"/v1/admin/workspaces/{workspace}", new
        {
            defaults = new { input_guardrails = new object[] { "pg-zzzzzzzzzzzz" }, output_guardrails = new object[] { await CreateGuardrailAsync(), theirs } },
        }, HttpStatusCode.BadRequest);

        Assert.Equal(["defaults.input_guardrails[0]", "defaults.output_guardrails[1]"], ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WorkspaceDefaults_WithMalformedItems_Returns400NamingThePaths()
    {
        var problem = await SendAsync(HttpMethod.Post, "/v1/admin/workspaces", new
        {
            name = "W", slug = Unique("w"),
            defaults = new { input_guardrails = new object[] { "not-an-id", 42 } },
        }, HttpStatusCode.BadRequest);

        Assert.Equal(["defaults.input_guardrails[0]", "defaults.input_guardrails[1]"], ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NewWorkspace_MayNameOrganisationGuardrailsInItsDefaults()
    {
        var shared = await CreateGuardrailAsync();
        var created = await SendAsync(HttpMethod.Post, "/v1/admin/workspaces", new
        {
            name = "W", slug = Unique("w"), defaults = new { input_guardrails = new[] { shared } },
        }, HttpStatusCode.Created);

        Assert.Equal(shared, created.GetProperty("defaults").GetProperty("input_guardrails")[0].GetString());
    }

    [Fact]
    public async Task Config_NamingUnknownOrInvisibleGuardrail_Returns400NamingThePath()
    {
        var workspace = await CreateWorkspaceAsync();
        var slug = await CreateProviderAsync();
        var theirs = await CreateGuardrailAsync(workspaceId: await CreateWorkspaceAsync());
        var visible = await CreateGuardrailAsync(workspaceId: workspace);
        var config = new
        {
            input_guardrails = new object[] { visible, "pg-zzzzzzzzzzzz" },
            strategy = new { mode = "fallback" },
            targets = new object[] { new { provider = $"@{slug}", output_guardrails = new[] { theirs } }, new { provider = $"@{slug}" } },
        };

        var problem = await SendAsync(HttpMethod.Post, "/v1/configs", new { name = Unique("c"), workspace_id = workspace, config }, HttpStatusCode.BadRequest);

        Assert.Equal(["config.input_guardrails[1]", "config.targets[0].output_guardrails[0]"], ErrorFields(problem).Order(StringComparer.Ordinal));
        var ok = await SendAsync(HttpMethod.Post, "/v1/configs", new
        {
            name = Unique("c"), workspace_id = workspace, config = new { provider = $"@{slug}", input_guardrails = new[] { visible } },
        }, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Put, $"/v1/configs/{ok.GetProperty("id").GetString()}",
            new { config = new { provider = $"@{slug}", input_guardrails = new[] { theirs } } }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DeleteWorkspace_WithLiveGuardrails_Returns409()
    {
        var workspace = await CreateWorkspaceAsync();
        var id = await CreateGuardrailAsync(workspaceId: workspace);

        await SendAsync(HttpMethod.Delete, $"/v1/admin/workspaces/{workspace}", null, HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Delete, $"/v1/guardrails/{id}", null, HttpStatusCode.NoContent);
        await SendAsync(HttpMethod.Delete, $"/v1/admin/workspaces/{workspace}", null, HttpStatusCode.NoContent);
    }
}
