using System.Text.Json;
using Contracts.Json;
using ControlPlane.Catalog;
using ControlPlane.Governance;
using ControlPlane.Limits;

namespace ControlPlane.Workspaces;

internal sealed record WorkspaceResponse
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public WorkspaceDefaults? Defaults { get; init; }
    public UsageLimitsResponse? UsageLimits { get; init; }
    public IReadOnlyList<RateLimit>? RateLimits { get; init; }
    public required string RedisFailurePolicy { get; init; }
    public AlertWebhookResponse? AlertWebhook { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <param name="budget">The current period's counter; null: unknown (Redis unavailable) or no usage_limits.</param>
    public static WorkspaceResponse From(Workspace workspace, BudgetState? budget = null) => new()
    {
        Id = workspace.Id,
        Slug = workspace.Slug,
        Name = workspace.Name,
        Defaults = workspace.Defaults is null ? null : JsonSerializer.Deserialize<WorkspaceDefaults>(workspace.Defaults, ContractJson.Options),
        UsageLimits = UsageLimitsResponse.From(LimitsValidator.Deserialize<UsageLimits>(workspace.UsageLimits), budget),
        RateLimits = LimitsValidator.Deserialize<List<RateLimit>>(workspace.RateLimits),
        RedisFailurePolicy = workspace.RedisFailurePolicy,
        AlertWebhook = workspace.AlertWebhookUrl is null ? null : new AlertWebhookResponse(workspace.AlertWebhookUrl, workspace.AlertWebhookEncryptedSecret is not null),
        CreatedAt = workspace.CreatedAt,
        UpdatedAt = workspace.UpdatedAt,
    };
}
