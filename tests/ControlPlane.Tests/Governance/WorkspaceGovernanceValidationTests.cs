using ControlPlane.Limits;
using ControlPlane.Workspaces;

namespace ControlPlane.Tests.Governance;

public sealed class WorkspaceGovernanceValidationTests
{
    private static WorkspaceRequest Valid => new() { Name = "Team", Slug = "team" };

    [Fact]
    public void Create_WithLimitsPolicyAndWebhook_IsValid()
    {
        var errors = WorkspaceValidator.Validate(Valid with
        {
            UsageLimits = new UsageLimits { Type = "cost", CreditLimit = 100, AlertThreshold = 80, PeriodicReset = "monthly" },
            RateLimits = [new RateLimit { Type = "requests", Unit = "rpm", Value = 60 }],
            RedisFailurePolicy = "fail_closed",
            AlertWebhook = new AlertWebhookRequest { Url = "https://hooks.example.com/budget", Secret = "s3cret" },
        });
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void Create_WithBadGovernanceFields_NamesEachField()
    {
        var errors = WorkspaceValidator.Validate(Valid with
        {
            UsageLimits = new UsageLimits { Type = "dollars", CreditLimit = 0 },
            RateLimits = [new RateLimit { Type = "requests", Unit = "rps", Value = 1 }],
            RedisFailurePolicy = "fail_sometimes",
            AlertWebhook = new AlertWebhookRequest { Url = "ftp://example.com/hook" },
        });
        Assert.Equal(
            ["alert_webhook.url", "rate_limits[0].unit", "redis_failure_policy", "usage_limits.credit_limit", "usage_limits.type"],
            errors.Fields.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/relative/hook")]
    [InlineData("")]
    public void Create_WebhookWithoutAbsoluteUrl_Returns400OnUrl(string? url) =>
        Assert.Equal(["alert_webhook.url"], WorkspaceValidator.Validate(Valid with { AlertWebhook = new AlertWebhookRequest { Url = url } }).Fields);

    [Fact]
    public void Update_EmptyWebhookUrl_MeansRemoveAndIsValid() =>
        Assert.True(WorkspaceValidator.ValidateUpdate(new UpdateWorkspaceRequest { AlertWebhook = new AlertWebhookRequest { Url = "" } }, "team").IsEmpty);

    [Fact]
    public void Update_BadPolicy_NamesRedisFailurePolicy() =>
        Assert.Equal(["redis_failure_policy"],
            WorkspaceValidator.ValidateUpdate(new UpdateWorkspaceRequest { RedisFailurePolicy = "FAIL_OPEN" }, "team").Fields);
}
