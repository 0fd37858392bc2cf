namespace EndToEnd.Tests;

/// <summary>What the admin API promises around keys, secrets, limits and its own documentation.</summary>
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
    public async Task TokenBudget_ThroughTheRealApp_AlertsAuditsRefusesWith412_ShowsExhausted_AndResets()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service", new
        {
            name = "budgeted",
            usage_limits = new { type = "tokens", credit_limit = 300, alert_threshold = 100 },
        }, HttpStatusCode.Created, ct);
        var (key, id) = (created.GetProperty("key").GetString()!, created.GetProperty("id").GetString()!);
        await app.WaitUntilDataPlaneKnowsAsync(key, ct);

        // Each request reserves its prompt + 40 output tokens and settles to what the mock reports; within 30 requests
        // the budget cannot take another.
        var statuses = new List<HttpStatusCode>();
        JsonElement refusal = default;
        for (var i = 0; i < 30 && refusal.ValueKind == JsonValueKind.Undefined; i++)
        {
            using var request = Admin.Request(HttpMethod.Post, "/v1/chat/completions", key, Admin.RawJson(
                $$"""{"model":"@{{slug}}/m","max_tokens":40,"messages":[{"role":"user","content":"count to {{i}}"}]}"""));
            using var response = await app.DataPlane.SendAsync(request, ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                refusal = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("error");
            }

            await Task.Delay(50, ct); // settlement happens after the answer, off its path
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal("budget_exhausted", refusal.GetProperty("code").GetString());
        Assert.Contains("API key 'budgeted'", refusal.GetProperty("message").GetString());

        var limits = (await app.SendExpectingAsync(HttpMethod.Get, $"/v1/api-keys/{id}", null, HttpStatusCode.OK, ct)).GetProperty("usage_limits");
        Assert.Equal("exhausted", limits.GetProperty("status").GetString());
        Assert.InRange(limits.GetProperty("current_usage").GetDecimal(), 100m, 300m);

        // The data plane raised the alerts in Redis; the control plane turned them into audit entries.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var entries = (await app.SendExpectingAsync(HttpMethod.Get, $"/v1/audit-logs?resource_id={id}&limit=50", null, HttpStatusCode.OK, ct))
                .GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
            if (entries.Contains("budget.threshold_reached") && entries.Contains("budget.exhausted"))
            {
                Assert.Single(entries, a => a == "budget.threshold_reached");
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"alerts not audited within 10 s: {string.Join(", ", entries)}");
            await Task.Delay(100, ct);
        }

        var reset = await app.SendExpectingAsync(HttpMethod.Post, $"/v1/api-keys/{id}/usage/reset", null, HttpStatusCode.OK, ct);
        Assert.Equal((0m, "active"), (reset.GetProperty("current_usage").GetDecimal(), reset.GetProperty("status").GetString()));
        using var again = await app.DataPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/chat/completions", key, Admin.RawJson(
            $$"""{"model":"@{{slug}}/m","max_tokens":40,"messages":[{"role":"user","content":"after the reset"}]}""")), ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task RequestRateLimit_ThroughTheRealApp_Answers429WithRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service", new
        {
            name = "three-a-minute",
            rate_limits = new[] { new { type = "requests", unit = "rpm", value = 3 } },
        }, HttpStatusCode.Created, ct);
        var key = created.GetProperty("key").GetString()!;
        await app.WaitUntilDataPlaneKnowsAsync(key, ct); // its 400 probe counts: one request of the three is spent

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 4; i++)
        {
            using var response = await app.DataPlane.SendAsync(Admin.Chat(key, $"@{slug}/m", "hi"), ct);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.Delta;
        }

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
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
