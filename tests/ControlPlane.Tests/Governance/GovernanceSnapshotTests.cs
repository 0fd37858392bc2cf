using ControlPlane.Catalog;
using ControlPlane.Snapshots;

namespace ControlPlane.Tests.Governance;

public sealed class GovernanceSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_CarriesWorkspaceLimitsAndPolicy_ButNeverTheWebhook()
    {
        var workspace = new Workspace
        {
            Id = Guid.NewGuid(), Slug = "team", Name = "Team",
            UsageLimits = """{"type":"cost","credit_limit":50,"alert_threshold":40,"periodic_reset":"weekly"}""",
            RateLimits = """[{"type":"tokens","unit":"rph","value":1000}]""",
            RedisFailurePolicy = "fail_closed",
            AlertWebhookUrl = "https://hooks.example.com/x", AlertWebhookEncryptedSecret = "encrypted-secret",
        };
        var snapshot = SnapshotBuilder.Build(1, Now, [workspace], [], []);
        var entry = Assert.Single(snapshot.Workspaces);
        Assert.Equal(("cost", 50m, 40m, "weekly"),
            (entry.UsageLimits!.Type, entry.UsageLimits.CreditLimit, entry.UsageLimits.AlertThreshold, entry.UsageLimits.PeriodicReset));
        Assert.Equal([("tokens", "rph", 1000L)], entry.RateLimits.Select(r => (r.Type, r.Unit, r.Value)));
        Assert.Equal("fail_closed", entry.RedisFailurePolicy);
        var json = System.Text.Json.JsonSerializer.Serialize(snapshot, Contracts.Json.ContractJson.Options);
        Assert.DoesNotContain("hooks.example.com", json);
        Assert.DoesNotContain("encrypted-secret", json);
    }

    [Fact]
    public void Build_DefaultWorkspace_IsFailOpenWithoutLimits()
    {
        var entry = Assert.Single(SnapshotBuilder.Build(1, Now, [new Workspace { Id = Guid.NewGuid(), Slug = "d", Name = "D" }], [], []).Workspaces);
        Assert.Equal("fail_open", entry.RedisFailurePolicy);
        Assert.Null(entry.UsageLimits);
        Assert.Empty(entry.RateLimits);
    }

    [Fact]
    public void Build_CarriesProviderDisabled()
    {
        var on = new Provider { Id = Guid.NewGuid(), Slug = "a", Name = "A", AiProvider = "mock" };
        var off = new Provider { Id = Guid.NewGuid(), Slug = "b", Name = "B", AiProvider = "mock", Disabled = true };
        Assert.Equal([false, true], SnapshotBuilder.Build(1, Now, [], [on, off], []).Providers.Select(p => p.Disabled));
    }
}
