namespace EndToEnd.Tests;

/// <summary>Saved guardrails through the real app: create, read back, listed, audited.</summary>
public sealed class GuardrailsAdminTests(GatewayAppFixture app)
{
    [Fact]
    public async Task Guardrail_CreatedThroughTheApp_IsReadListedAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "pii-" + Guid.NewGuid().ToString("N")[..8];
        var body = Admin.RawJson($$$"""{"name": "{{{name}}}", "guardrail": {"portkey.pii": {"redact": true}, "default.wordCount": {"maxWords": 500}, "deny": true}}""");
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/guardrails", app.AdminApiKey, body), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^pg-[a-z0-9]{12}$", id);
        Assert.Equal($"/v1/guardrails/{id}", response.Headers.Location?.OriginalString);

        var read = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/guardrails/{id}", null, HttpStatusCode.OK, ct);
        Assert.Equal(name, read.GetProperty("name").GetString());
        Assert.Equal(500, read.GetProperty("guardrail").GetProperty("default.wordCount").GetProperty("maxWords").GetInt32());
        Assert.True(read.GetProperty("guardrail").GetProperty("deny").GetBoolean());
        var list = await app.SendExpectingAsync(HttpMethod.Get, "/v1/guardrails", null, HttpStatusCode.OK, ct);
        Assert.Contains(list.GetProperty("data").EnumerateArray(), g => g.GetProperty("id").GetString() == id);

        // The audit entry is written as the response completes: allow it a moment (bounded).
        var deadline = DateTime.UtcNow.AddSeconds(5);
        JsonElement audit;
        while (true)
        {
            audit = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/audit-logs?resource_type=guardrail&resource_id={id}", null, HttpStatusCode.OK, ct);
            if (audit.GetProperty("data").GetArrayLength() > 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(50, ct);
        }

        var entry = Assert.Single(audit.GetProperty("data").EnumerateArray());
        Assert.Equal(("create", 201), (entry.GetProperty("action").GetString(), entry.GetProperty("status_code").GetInt32()));
    }

    [Fact]
    public async Task InvalidGuardrail_Returns400NamingThePath()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Admin.RawJson("""{"name": "broken", "guardrail": {"default.regexMatch": {"rule": "("}}}""");
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/guardrails", app.AdminApiKey, body), ct);
        var problem = await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("guardrail[\"default.regexMatch\"]", StringComparison.Ordinal));
    }
}
