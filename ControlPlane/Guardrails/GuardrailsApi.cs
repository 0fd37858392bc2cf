using System.Security.Claims;
using System.Text.Json;
using Contracts;
using ControlPlane.Audit;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Http;
using ControlPlane.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Guardrails;

/// <summary>
/// Saved guardrails: <c>/v1/guardrails</c>. Guarded by the configs scopes: guardrails are part of routing configuration
/// (there are no guardrail scopes in Portkey's list).
/// </summary>
internal static class GuardrailsApi
{
    private const string Resource = "guardrail";

    public static IEndpointRouteBuilder MapGuardrailsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/guardrails")
            .WithTags("Guardrails")
            .WithMetadata(new AuditResourceAttribute(Resource))
            .RequireAuthorization();

        group.MapPost("/", CreateGuardrail).WithName(nameof(CreateGuardrail))
            .WithSummary("Save a guardrail (organisation-wide, or in a workspace)")
            .RequireAuthorization(Scopes.ConfigsWrite);
        group.MapGet("/", ListGuardrails).WithName(nameof(ListGuardrails))
            .WithSummary("List the guardrails the key can see (a workspace key: its own and the organisation-wide ones)")
            .RequireAuthorization(Scopes.ConfigsRead);
        group.MapGet("/{id}", GetGuardrail).WithName(nameof(GetGuardrail)).WithSummary("Get a guardrail")
            .RequireAuthorization(Scopes.ConfigsRead);
        group.MapPut("/{id}", UpdateGuardrail).WithName(nameof(UpdateGuardrail)).WithSummary("Rename a guardrail and/or replace its checks")
            .RequireAuthorization(Scopes.ConfigsWrite);
        group.MapDelete("/{id}", DeleteGuardrail).WithName(nameof(DeleteGuardrail))
            .WithSummary("Delete a guardrail no config or workspace default names any more")
            .RequireAuthorization(Scopes.ConfigsWrite);
        return app;
    }

    public static async Task<Results<Created<GuardrailResponse>, ValidationProblem, ProblemHttpResult>> CreateGuardrail(
        CreateGuardrailRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var errors = GuardrailRequestValidator.ValidateCreate(request);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        // A workspace key's guardrail always belongs to its own workspace; an organisation key's is organisation-wide unless it names one.
        var workspaceId = caller.IsOrganisation ? request.WorkspaceId : caller.WorkspaceId;
        if (workspaceId is { } id && !await db.Workspaces.AnyAsync(w => w.Id == id, cancellationToken))
        {
            return Problems.NotFound("workspace", id.ToString());
        }

        var name = request.Name!.Trim();
        if (await NameTakenAsync(db, workspaceId, name, exceptId: null, cancellationToken))
        {
            return NameConflict(name);
        }

        var now = time.GetUtcNowForDb();
        var guardrail = new Guardrail
        {
            Id = GuardrailIds.New(),
            Name = name,
            WorkspaceId = workspaceId,
            Definition = request.Guardrail!.Value.GetRawText(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Guardrails.Add(guardrail);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return NameConflict(name);
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Created($"/v1/guardrails/{guardrail.Id}", GuardrailResponse.From(guardrail));
    }

    public static async Task<Ok<ListResponse<GuardrailResponse>>> ListGuardrails(
        ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var query = db.Guardrails.AsNoTracking().Where(g => g.DeletedAt == null);
        if (!caller.IsOrganisation)
        {
            query = query.Where(g => g.WorkspaceId == null || g.WorkspaceId == caller.WorkspaceId);
        }

        var guardrails = await query.OrderBy(g => g.Name).ThenBy(g => g.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ListResponse<GuardrailResponse>([.. guardrails.Select(GuardrailResponse.From)]));
    }

    public static async Task<Results<Ok<GuardrailResponse>, ProblemHttpResult>> GetGuardrail(
        string id, ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var guardrail = await FindVisibleAsync(db, id, Caller.Require(user), tracked: false, cancellationToken);
        return guardrail is null ? Problems.NotFound(Resource, id) : TypedResults.Ok(GuardrailResponse.From(guardrail));
    }

    public static async Task<Results<Ok<GuardrailResponse>, ValidationProblem, ProblemHttpResult>> UpdateGuardrail(
        string id, UpdateGuardrailRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var guardrail = await FindVisibleAsync(db, id, caller, tracked: true, cancellationToken);
        if (guardrail is null)
        {
            return Problems.NotFound(Resource, id);
        }

        if (!caller.CanChange(guardrail.WorkspaceId))
        {
            return Problems.Forbidden("Organisation-wide guardrails can only be changed with an organisation key.");
        }

        var errors = GuardrailRequestValidator.ValidateUpdate(request, guardrail.WorkspaceId);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var name = request.Name?.Trim();
        if (name is not null && name != guardrail.Name)
        {
            if (await NameTakenAsync(db, guardrail.WorkspaceId, name, exceptId: guardrail.Id, cancellationToken))
            {
                return NameConflict(name);
            }

            guardrail.Name = name;
        }

        if (request.Guardrail is { ValueKind: not JsonValueKind.Null } definition)
        {
            guardrail.Definition = WebhookHeaderSecrets.KeepStored(definition, guardrail.Definition).GetRawText();
        }

        guardrail.UpdatedAt = time.GetUtcNowForDb();
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return NameConflict(name ?? guardrail.Name);
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Ok(GuardrailResponse.From(guardrail));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteGuardrail(
        string id, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var guardrail = await FindVisibleAsync(db, id, caller, tracked: true, cancellationToken);
        if (guardrail is null)
        {
            return Problems.NotFound(Resource, id);
        }

        if (!caller.CanChange(guardrail.WorkspaceId))
        {
            return Problems.Forbidden("Organisation-wide guardrails can only be deleted with an organisation key.");
        }

        // A referenced guardrail would silently stop applying; the caller removes the references first.
        var referrers = await GuardrailLookup.ReferrersAsync(db, guardrail, cancellationToken);
        if (referrers.Count > 0)
        {
            return Problems.Conflict($"Guardrail '{id}' is still referenced by {string.Join(", ", referrers)}; remove those references first.");
        }

        // Soft delete: logs and audit entries keep naming an id that still means something.
        guardrail.DeletedAt = guardrail.UpdatedAt = time.GetUtcNowForDb();
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A live guardrail the caller may see; another workspace's guardrail is as unknown as a missing one.</summary>
    private static async Task<Guardrail?> FindVisibleAsync(CatalogDbContext db, string id, Caller caller, bool tracked, CancellationToken cancellationToken)
    {
        if (!GuardrailIds.IsWellFormed(id))
        {
            return null;
        }

        var query = tracked ? db.Guardrails : db.Guardrails.AsNoTracking();
        var guardrail = await query.SingleOrDefaultAsync(g => g.Id == id && g.DeletedAt == null, cancellationToken);
        return guardrail is not null && caller.CanSee(guardrail.WorkspaceId) ? guardrail : null;
    }

    private static Task<bool> NameTakenAsync(CatalogDbContext db, Guid? workspaceId, string name, string? exceptId, CancellationToken cancellationToken) =>
        db.Guardrails.AnyAsync(g => g.WorkspaceId == workspaceId && g.Name == name && g.DeletedAt == null && g.Id != exceptId, cancellationToken);

    private static ProblemHttpResult NameConflict(string name) =>
        Problems.Conflict($"A guardrail named '{name}' already exists here.");
}
