using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contracts.Limits;
using ControlPlane.Catalog;
using ControlPlane.Limits;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace ControlPlane.Governance;

/// <summary>One budget alert: resolve the object and its workspace, write the audit entry once, call the workspace's webhook.</summary>
internal sealed class AlertHandler(IServiceScopeFactory scopeFactory, AlertWebhookSender sender, TimeProvider time, ILogger<AlertHandler> logger)
{
    /// <summary>The audit entries' <c>method</c>: the system, not an HTTP request.</summary>
    public const string SystemMethod = "SYSTEM";

    /// <summary>Throws when the catalog cannot be reached (the entry then stays pending); a malformed entry is skipped.</summary>
    public async Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        if (BudgetAlert.TryParse(entry) is not { } alert)
        {
            GovernanceLog.AlertSkipped(logger, entry.Id.ToString());
            return;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        if (await ResolveAsync(db, alert, cancellationToken) is not { } target)
        {
            GovernanceLog.AlertSkipped(logger, alert.EntryId);
            return;
        }

        await AuditOnceAsync(db, alert, target, cancellationToken);
        var workspace = target.WorkspaceId is { } workspaceId
            ? await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken)
            : null;
        if (workspace?.AlertWebhookUrl is not null && target.Limits is { } limits)
        {
            var payload = new AlertWebhookPayload(
                alert.EntryId, alert.EventType, target.ScopeName, alert.ObjectId, target.Name, target.WorkspaceId,
                limits, LimitUnits.ToValue(alert.Type, alert.Usage), alert.PeriodStart, alert.At);
            await sender.SendAsync(workspace, payload, cancellationToken);
        }

        GovernanceLog.AlertHandled(logger, alert.EntryId, alert.EventType, target.ScopeName, target.ResourceId);
    }

    /// <summary>
    /// The audit entry's id is derived from the stream entry id, so a re-delivered alert (a replica died before XACK)
    /// finds its entry and a concurrent duplicate hits the primary key: exactly one entry per alert.
    /// </summary>
    private async Task AuditOnceAsync(CatalogDbContext db, BudgetAlert alert, AlertTarget target, CancellationToken cancellationToken)
    {
        var id = AuditId(alert.EntryId);
        if (await db.AuditLogs.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNowForDb();
        db.AuditLogs.Add(new AuditLog
        {
            Id = id,
            CreatedAt = now,
            ActorApiKeyId = null,
            WorkspaceId = target.WorkspaceId,
            Method = SystemMethod,
            Path = $"/governance/alerts/{alert.EntryId}",
            ResourceType = target.ResourceType,
            ResourceId = target.ResourceId,
            Action = alert.EventType,
            StatusCode = StatusCodes.Status200OK,
            Summary = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["period"] = alert.Period,
                ["type"] = alert.Type,
                ["current_usage"] = LimitUnits.ToValue(alert.Type, alert.Usage),
                ["limit"] = LimitUnits.ToValue(alert.Type, alert.Limit),
            }),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica wrote it first: fine. Anything else: the entry stays pending and is retried.
            if (!await db.AuditLogs.AsNoTracking().AnyAsync(a => a.Id == id, cancellationToken))
            {
                throw;
            }
        }
    }

    public static Guid AuditId(string streamEntryId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("budget-alert:" + streamEntryId), hash);
        return new Guid(hash[..16]);
    }

    private static async Task<AlertTarget?> ResolveAsync(CatalogDbContext db, BudgetAlert alert, CancellationToken cancellationToken)
    {
        switch (alert.Scope)
        {
            case LimitScope.ApiKey:
                var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == alert.ObjectId, cancellationToken);
                return key is null ? null
                    : new AlertTarget("api_key", "api_key", key.Id.ToString(), key.Name, key.WorkspaceId, LimitsValidator.Deserialize<UsageLimits>(key.UsageLimits));
            case LimitScope.Provider:
                var provider = await db.Providers.AsNoTracking().SingleOrDefaultAsync(p => p.Id == alert.ObjectId, cancellationToken);
                return provider is null ? null
                    : new AlertTarget("provider", "provider", provider.Slug, provider.Name, provider.WorkspaceId, LimitsValidator.Deserialize<UsageLimits>(provider.UsageLimits));
            case LimitScope.Workspace:
                var workspace = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == alert.ObjectId, cancellationToken);
                return workspace is null ? null
                    : new AlertTarget("workspace", "workspace", workspace.Id.ToString(), workspace.Name, workspace.Id, LimitsValidator.Deserialize<UsageLimits>(workspace.UsageLimits));
            default:
                return null;
        }
    }
}
