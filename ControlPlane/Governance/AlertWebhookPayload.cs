using ControlPlane.Limits;

namespace ControlPlane.Governance;

/// <summary>The JSON body POSTed to a workspace's <c>alert_webhook</c> (snake_case). Never a secret.</summary>
internal sealed record AlertWebhookPayload(
    string Id,
    string Type,
    string Scope,
    Guid ObjectId,
    string Name,
    Guid? WorkspaceId,
    UsageLimits UsageLimits,
    decimal CurrentUsage,
    DateTimeOffset? PeriodStart,
    DateTimeOffset OccurredAt);
