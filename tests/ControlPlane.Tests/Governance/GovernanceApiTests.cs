using System.Net;
using System.Text.Json;
using Contracts.Limits;
using ControlPlane.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ControlPlane.Tests.Governance;

public sealed class GovernanceApiTests(GovernanceHost host) : IClassFixture<GovernanceHost>
{
    private static string Slug() => "g" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Workspace_WithGovernanceFields_ReadsBackWithoutTheSecret_AndStoresItEncrypted()
    {
        var created = await host.SendAsync(HttpMethod.Post, "/v1/admin/workspaces", new
        {
            name = "Budgeted", slug = Slug(),
            usage_limits = new { type = "cost", credit_limit = 100, alert_threshold = 80, periodic_reset = "monthly" },
            rate_limits = new[] { new { type = "requests", unit = "rpm", value = 60 } },
            redis_failure_policy = "fail_closed",
            alert_webhook = new { url = "https://hooks.example.com/budget", secret = "whsec-top-secret" },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var read = await host.SendAsync(HttpMethod.Get, $"/v1/admin/workspaces/{id}", null, HttpStatusCode.OK);

        Assert.Equal("fail_closed", read.GetProperty("redis_failure_policy").GetString());
        Assert.Equal("https://hooks.example.com/budget", read.GetProperty("alert_webhook").GetProperty("url").GetString());
        Assert.True(read.GetProperty("alert_webhook").GetProperty("has_secret").GetBoolean());
        Assert.DoesNotContain("whsec-top-secret", read.GetRawText());
        Assert.Equal(60, read.GetProperty("rate_limits")[0].GetProperty("value").GetInt32());
        var usage = read.GetProperty("usage_limits");
        Assert.Equal((0m, "active", 100m), (usage.GetProperty("current_usage").GetDecimal(), usage.GetProperty("status").GetString(), usage.GetProperty("credit_limit").GetDecimal()));

        await using var scope = host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Workspaces.SingleAsync(w => w.Id == Guid.Parse(id!), TestContext.Current.CancellationToken);
        Assert.NotNull(stored.AlertWebhookEncryptedSecret);
        Assert.DoesNotContain("whsec-top-secret", stored.AlertWebhookEncryptedSecret);
    }

    [Fact]
    public async Task Workspace_WithBadPolicyOrWebhook_Returns400NamingTheFields()
    {
        var problem = await host.SendAsync(HttpMethod.Post, "/v1/admin/workspaces", new
        {
            name = "Bad", slug = Slug(), redis_failure_policy = "sometimes", alert_webhook = new { url = "not a url" },
        }, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["alert_webhook.url", "redis_failure_policy"], fields);
    }

    [Fact]
    public async Task Provider_Disabled_IsSetReadAndChanged()
    {
        var slug = Slug();
        var created = await host.SendAsync(HttpMethod.Post, "/v1/providers", new { name = "P", slug, ai_provider = "mock", disabled = true }, HttpStatusCode.Created);
        Assert.True(created.GetProperty("disabled").GetBoolean());
        var updated = await host.SendAsync(HttpMethod.Put, $"/v1/providers/{slug}", new { disabled = false }, HttpStatusCode.OK);
        Assert.False(updated.GetProperty("disabled").GetBoolean());
        var other = await host.SendAsync(HttpMethod.Post, "/v1/providers", new { name = "Q", slug = Slug(), ai_provider = "mock" }, HttpStatusCode.Created);
        Assert.False(other.GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task ApiKey_GetAndList_ShowCurrentUsageFromTheRedisCounter()
    {
        var key = await host.SendAsync(HttpMethod.Post, "/v1/api-keys/organisation/service",
            new { name = "budgeted", usage_limits = new { type = "cost", credit_limit = 2, periodic_reset = "weekly" } }, HttpStatusCode.Created);
        var id = key.GetProperty("id").GetGuid();
        var period = BudgetPeriod.Segment("weekly", DateTimeOffset.UtcNow);
        await host.Redis.GetDatabase().HashSetAsync(GovernanceKeys.Budget(LimitScope.ApiKey, id, period), GovernanceKeys.FieldSpent, 2_000_000_000);

        var read = await host.SendAsync(HttpMethod.Get, $"/v1/api-keys/{id}", null, HttpStatusCode.OK);
        Assert.Equal((2m, "exhausted"), (read.GetProperty("usage_limits").GetProperty("current_usage").GetDecimal(),
            read.GetProperty("usage_limits").GetProperty("status").GetString()));
        var list = await host.SendAsync(HttpMethod.Get, "/v1/api-keys", null, HttpStatusCode.OK);
        var listed = list.GetProperty("data").EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.Equal("exhausted", listed.GetProperty("usage_limits").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ResetRoutes_ZeroTheCounter_400WithoutLimits_404WhenUnknown()
    {
        var slug = Slug();
        var provider = await host.SendAsync(HttpMethod.Post, "/v1/providers",
            new { name = "P", slug, ai_provider = "mock", usage_limits = new { type = "tokens", credit_limit = 1000 } }, HttpStatusCode.Created);
        var budgetKey = GovernanceKeys.Budget(LimitScope.Provider, provider.GetProperty("id").GetGuid(), BudgetPeriod.Forever);
        var db = host.Redis.GetDatabase();
        await db.HashSetAsync(budgetKey, [new HashEntry(GovernanceKeys.FieldSpent, 1000), new HashEntry(GovernanceKeys.FieldRefused, "1")]);

        var reset = await host.SendAsync(HttpMethod.Post, $"/v1/providers/{slug}/usage/reset", null, HttpStatusCode.OK);
        Assert.Equal((0m, "active"), (reset.GetProperty("current_usage").GetDecimal(), reset.GetProperty("status").GetString()));
        Assert.Equal("0", (await db.HashGetAsync(budgetKey, GovernanceKeys.FieldSpent)).ToString());
        Assert.False(await db.HashExistsAsync(budgetKey, GovernanceKeys.FieldRefused));

        var plain = await host.SendAsync(HttpMethod.Post, "/v1/api-keys/organisation/service", new { name = "plain" }, HttpStatusCode.Created);
        await host.SendAsync(HttpMethod.Post, $"/v1/api-keys/{plain.GetProperty("id").GetGuid()}/usage/reset", null, HttpStatusCode.BadRequest);
        await host.SendAsync(HttpMethod.Post, $"/v1/admin/workspaces/{Guid.NewGuid()}/usage/reset", null, HttpStatusCode.NotFound);

        // The audit middleware writes after the response has started: give it a moment.
        var audited = false;
        for (var i = 0; i < 50 && !audited; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            audited = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().AuditLogs
                .AnyAsync(a => a.Path == $"/v1/providers/{slug}/usage/reset" && a.StatusCode == 200, TestContext.Current.CancellationToken);
            await Task.Delay(audited ? 0 : 100, TestContext.Current.CancellationToken);
        }

        Assert.True(audited);
    }
}
