using System.Security.Claims;
using Contracts;
using ControlPlane.Audit;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Configs;
using ControlPlane.Http;
using ControlPlane.Limits;
using ControlPlane.Startup;
using ControlPlane.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Workspaces;

/// <summary><c>/v1/admin/workspaces</c>.</summary>
internal static class WorkspacesApi
{
    private const string Resource = "workspace";

    public static IEndpointRouteBuilder MapWorkspacesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/workspaces")
            .WithTags("Workspaces")
            .WithMetadata(new AuditResourceAttribute(Resource))
            .RequireAuthorization();

        group.MapPost("/", CreateWorkspace).WithName(nameof(CreateWorkspace)).WithSummary("Create a workspace (organisation keys)")
            .RequireAuthorization(Scopes.WorkspacesWrite);
        group.MapGet("/", ListWorkspaces).WithName(nameof(ListWorkspaces)).WithSummary("List the workspaces the key can see")
            .RequireAuthorization(Scopes.WorkspacesRead);
        group.MapGet("/{id:guid}", GetWorkspace).WithName(nameof(GetWorkspace)).WithSummary("Get one workspace")
            .RequireAuthorization(Scopes.WorkspacesRead);
        group.MapPut("/{id:guid}", UpdateWorkspace).WithName(nameof(UpdateWorkspace))
            .WithSummary("Update a workspace's name or defaults (the slug is immutable)")
            .RequireAuthorization(Scopes.WorkspacesWrite);
        group.MapDelete("/{id:guid}", DeleteWorkspace).WithName(nameof(DeleteWorkspace))
            .WithSummary("Delete an empty workspace (no providers, configs or active keys; never 'default')")
            .RequireAuthorization(Scopes.WorkspacesWrite);
        return app;
    }

    public static async Task<Results<Created<WorkspaceResponse>, ValidationProblem, ProblemHttpResult>> CreateWorkspace(
        WorkspaceRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        if (!caller.IsOrganisation)
        {
            return Problems.Forbidden("Only organisation keys can create workspaces.");
        }

        var errors = WorkspaceValidator.Validate(request);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (request.Defaults?.ConfigId is { } configId && !await ConfigLookup.ExistsAsync(db, configId, null, cancellationToken))
        {
            return Problems.NotFound("config", configId);
        }

        if (await db.Workspaces.AnyAsync(w => w.Slug == request.Slug, cancellationToken))
        {
            return Problems.Conflict($"A workspace with slug '{request.Slug}' already exists.");
        }

        var now = time.GetUtcNowForDb();
        var workspace = new Workspace
        {
            Id = Guid.CreateVersion7(now),
            Slug = request.Slug!,
            Name = request.Name!.Trim(),
            Defaults = LimitsValidator.Serialize(request.Defaults),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Workspaces.Add(workspace);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return Problems.Conflict($"A workspace with slug '{request.Slug}' already exists.");
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Created($"/v1/admin/workspaces/{workspace.Id}", WorkspaceResponse.From(workspace));
    }

    public static async Task<Ok<ListResponse<WorkspaceResponse>>> ListWorkspaces(
        ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var query = db.Workspaces.AsNoTracking();
        if (!caller.IsOrganisation)
        {
            query = query.Where(w => w.Id == caller.WorkspaceId);
        }

        var workspaces = await query.OrderBy(w => w.Slug).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ListResponse<WorkspaceResponse>([.. workspaces.Select(WorkspaceResponse.From)]));
    }

    public static async Task<Results<Ok<WorkspaceResponse>, ProblemHttpResult>> GetWorkspace(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var workspace = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        return workspace is null || !(caller.IsOrganisation || caller.WorkspaceId == id)
            ? Problems.NotFound(Resource, id.ToString())
            : TypedResults.Ok(WorkspaceResponse.From(workspace));
    }

    public static async Task<Results<Ok<WorkspaceResponse>, ValidationProblem, ProblemHttpResult>> UpdateWorkspace(
        Guid id, UpdateWorkspaceRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var workspace = await db.Workspaces.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workspace is null || !(caller.IsOrganisation || caller.WorkspaceId == id))
        {
            return Problems.NotFound(Resource, id.ToString());
        }

        var errors = WorkspaceValidator.ValidateUpdate(request, workspace.Slug);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        // A workspace's config default must be one of its own configs.
        if (request.Defaults?.ConfigId is { } configId && !await ConfigLookup.ExistsAsync(db, configId, id, cancellationToken))
        {
            return Problems.NotFound("config", configId);
        }

        workspace.Name = request.Name?.Trim() ?? workspace.Name;
        workspace.Defaults = request.Defaults is null ? workspace.Defaults : LimitsValidator.Serialize(request.Defaults);
        workspace.UpdatedAt = time.GetUtcNowForDb();
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Ok(WorkspaceResponse.From(workspace));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWorkspace(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var workspace = await db.Workspaces.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workspace is null || !(caller.IsOrganisation || caller.WorkspaceId == id))
        {
            return Problems.NotFound(Resource, id.ToString());
        }

        if (workspace.Slug == CatalogInitializer.DefaultWorkspaceSlug)
        {
            return Problems.Conflict("The 'default' workspace cannot be deleted.");
        }

        if (await db.Providers.AnyAsync(p => p.WorkspaceId == id, cancellationToken))
        {
            return Problems.Conflict("The workspace still has providers; delete them first.");
        }

        if (await db.Configs.AnyAsync(c => c.WorkspaceId == id && c.DeletedAt == null, cancellationToken))
        {
            return Problems.Conflict("The workspace still has configs; delete them first.");
        }

        if (await db.ApiKeys.AnyAsync(k => k.WorkspaceId == id && k.RevokedAt == null, cancellationToken))
        {
            return Problems.Conflict("The workspace still has active API keys; revoke them first.");
        }

        // Revoked keys stay as history, detached from the workspace; deleted configs go with it (cascade).
        // One SaveChanges: EF writes the detaching updates before the delete, in one transaction.
        foreach (var revoked in await db.ApiKeys.Where(k => k.WorkspaceId == id).ToListAsync(cancellationToken))
        {
            revoked.WorkspaceId = null;
        }

        db.Workspaces.Remove(workspace);
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.NoContent();
    }
}
