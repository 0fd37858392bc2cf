using System.Globalization;
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
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAuditLogsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit-logs", ListAuditLogs)
            .WithTags("Audit logs")
            .WithName(nameof(ListAuditLogs))
            .WithSummary("List audit log entries, newest first (limit, cursor)")
            .RequireAuthorization(Scopes.AuditLogsList);
        return app;
    }

    public static async Task<Results<Ok<PageResponse<AuditLogResponse>>, ValidationProblem>> ListAuditLogs(
        string? limit, string? cursor, ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var errors = new ValidationErrors();
        var take = DefaultLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) && take is >= 1 and <= MaxLimit))
        {
            errors.Add("limit", $"must be an integer from 1 to {MaxLimit}.");
        }

        KeysetCursor after = default;
        if (cursor is not null && !KeysetCursor.TryDecode(cursor, out after))
        {
            errors.Add("cursor", "is not a cursor returned by this API.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var query = db.AuditLogs.AsNoTracking();
        if (!caller.IsOrganisation)
        {
            query = query.Where(a => a.WorkspaceId == caller.WorkspaceId);
        }

        if (cursor is not null)
        {
            // Row comparison (created_at, id) < (…): ties on the timestamp are broken by id, as the order is.
            query = query.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.CreatedAt, a.Id), ValueTuple.Create(after.CreatedAt, after.Id)));
        }

        var entries = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(take + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (entries.Count > take)
        {
            entries.RemoveAt(entries.Count - 1);
            next = new KeysetCursor(entries[^1].CreatedAt, entries[^1].Id).Encode();
        }

        return TypedResults.Ok(new PageResponse<AuditLogResponse>([.. entries.Select(AuditLogResponse.From)], next));
    }
}
