using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contracts.Limits;
using ControlPlane.Catalog;
using ControlPlane.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ControlPlane.Tests.Governance;

public sealed class BudgetAlertTests(GovernanceHost host) : IClassFixture<GovernanceHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    private const string Secret = "whsec-alerts";

    private async Task<Guid> WorkspaceWithWebhookAsync(string url) =>
        (await host.SendAsync(HttpMethod.Post, "/v1/admin/workspaces", new
        {
            name = "Alerted", slug = "a" + Guid.NewGuid().ToString("N")[..12],
            usage_limits = new { type = "cost", credit_limit = 10, alert_threshold = 8, periodic_reset = "monthly" },
            alert_webhook = new { url, secret = Secret },
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<string> AppendAlertAsync(string kind, Guid workspaceId, long usage) =>
        (await host.Redis.GetDatabase().StreamAddAsync(GovernanceKeys.AlertStream,
        [
            new NameValueEntry("kind", kind), new NameValueEntry("scope", LimitScope.Workspace), new NameValueEntry("id", workspaceId.ToString()),
            new NameValueEntry("period", "20250601"), new NameValueEntry("type", "cost"), new NameValueEntry("usage", usage),
            new NameValueEntry("limit", 10_000_000_000), new NameValueEntry("at", 1_749_000_000_000),
        ])).ToString();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Cancellation);
        }

        Assert.Fail($"Timed out waiting until {what}.");
    }

    private async Task<int> AuditCountAsync(string entryId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().AuditLogs
            .CountAsync(a => a.Path == $"/governance/alerts/{entryId}", Cancellation);
    }

    [Fact]
    public async Task ThresholdAlert_WritesOneAuditEntry_PostsASignedWebhook_AndIsAcknowledged()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Cancellation);
        var workspaceId = await WorkspaceWithWebhookAsync(receiver.Url);
        var entryId = await AppendAlertAsync("threshold", workspaceId, 8_500_000_000);

        await WaitUntilAsync(() => Task.FromResult(!receiver.Attempts.IsEmpty), "the webhook is received");
        var (body, signature, eventId, _) = Assert.Single(receiver.Attempts);
        Assert.Equal(entryId, eventId);
        var parts = signature!.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{body}")));
        Assert.Equal(expected, parts["v1"]);
        Assert.True(Math.Abs(long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 60);

        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((entryId, "budget.threshold_reached", "workspace", workspaceId.ToString(), "Alerted", workspaceId.ToString()),
            (json.GetProperty("id").GetString(), json.GetProperty("type").GetString(), json.GetProperty("scope").GetString(),
             json.GetProperty("object_id").GetString(), json.GetProperty("name").GetString(), json.GetProperty("workspace_id").GetString()));
        Assert.Equal(8.5m, json.GetProperty("current_usage").GetDecimal());
        Assert.Equal(10m, json.GetProperty("usage_limits").GetProperty("credit_limit").GetDecimal());
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), json.GetProperty("period_start").GetDateTimeOffset());
        Assert.DoesNotContain(Secret, body);

        await WaitUntilAsync(async () => (await host.Redis.GetDatabase().StreamPendingAsync(GovernanceKeys.AlertStream, AlertConsumer.Group)).PendingMessageCount == 0,
            "the entry is acknowledged");
        Assert.Equal(1, await AuditCountAsync(entryId));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().AuditLogs
                .SingleAsync(a => a.Path == $"/governance/alerts/{entryId}", Cancellation);
            Assert.Equal(("budget.threshold_reached", "workspace", workspaceId.ToString(), workspaceId, (Guid?)null),
                (audit.Action, audit.ResourceType, audit.ResourceId, audit.WorkspaceId!.Value, audit.ActorApiKeyId));
        }

        // Delivered again (a replica died before XACK): still one audit entry.
        var entries = await host.Redis.GetDatabase().StreamRangeAsync(GovernanceKeys.AlertStream, entryId, entryId);
        await host.Services.GetRequiredService<AlertHandler>().HandleAsync(Assert.Single(entries), Cancellation);
        Assert.Equal(1, await AuditCountAsync(entryId));
    }

    [Fact]
    public async Task ExhaustedAlert_ToAFailingReceiver_IsRetriedUntilItAnswers()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Cancellation);
        receiver.FailFirst = 2;
        var workspaceId = await WorkspaceWithWebhookAsync(receiver.Url);
        var entryId = await AppendAlertAsync("exhausted", workspaceId, 10_000_000_000);

        await WaitUntilAsync(() => Task.FromResult(receiver.Attempts.Any(a => a.Status == 200)), "a retry succeeds");
        Assert.Equal([500, 500, 200], receiver.Attempts.Select(a => a.Status));
        Assert.All(receiver.Attempts, a => Assert.Equal(entryId, a.EventId));
        Assert.Contains("budget.exhausted", receiver.Attempts.First().Body);
        await WaitUntilAsync(async () => await AuditCountAsync(entryId) == 1, "the audit entry is written");
    }
}
