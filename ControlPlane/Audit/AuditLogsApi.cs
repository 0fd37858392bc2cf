using System.Security.Claims;
using Contracts;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Audit;

/// <summary><c>/v1/audit-logs</c>: who changed what, newest first.</summary>
internal static class AuditLogsApi
{
    public static IEndpointRouteBuilder MapAuditLogsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit-logs", ListAuditLogs)
            .WithTags("Audit logs")
            .WithName(nameof(ListAuditLogs))
            .WithSummary("List audit log entries, newest first (time_min, time_max, actor_api_key_id, workspace_id, resource_type, resource_id, action, limit, cursor)")
            .WithQueryParameters("time_min", "time_max", "actor_api_key_id", "workspace_id", "resource_type", "resource_id",
                "action", "limit", "cursor")
            .RequireAuthorization(Scopes.AuditLogsList);
        return app;
    }

    public static async Task<Results<Ok<PageResponse<AuditLogResponse>>, ValidationProblem>> ListAuditLogs(
        HttpRequest request, ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var errors = new ValidationErrors();
        var filter = AuditLogQueryParser.Parse(request.Query, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var query = db.AuditLogs.AsNoTracking();
        if (!caller.IsOrganisation)
        {
            query = query.Where(a => a.WorkspaceId == caller.WorkspaceId);
        }

        query = Filter(query, filter);
        if (filter.Cursor is { } after)
        {
            // Row comparison (created_at, id) < (…): ties on the timestamp are broken by id, as the order is.
            query = query.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.CreatedAt, a.Id), ValueTuple.Create(after.CreatedAt, after.Id)));
        }

        var entries = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(filter.Limit + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (entries.Count > filter.Limit)
        {
            entries.RemoveAt(entries.Count - 1);
            next = new KeysetCursor(entries[^1].CreatedAt, entries[^1].Id).Encode();
        }

        return TypedResults.Ok(new PageResponse<AuditLogResponse>([.. entries.Select(AuditLogResponse.From)], next));
    }

    private static IQueryable<AuditLog> Filter(IQueryable<AuditLog> query, AuditLogQuery filter)
    {
        if (filter.From is { } from)
        {
            query = query.Where(a => a.CreatedAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(a => a.CreatedAt <= to);
        }

        if (filter.ActorApiKeyId is { } actor)
        {
            query = query.Where(a => a.ActorApiKeyId == actor);
        }

        if (filter.WorkspaceId is { } workspace)
        {
            query = query.Where(a => a.WorkspaceId == workspace);
        }

        if (filter.ResourceType is { } type)
        {
            query = query.Where(a => a.ResourceType == type);
        }

        if (filter.ResourceId is { } id)
        {
            query = query.Where(a => a.ResourceId == id);
        }

        if (filter.Action is { } action)
        {
            query = query.Where(a => a.Action == action);
        }

        return query;
    }
}
