using System.Security.Claims;
using Contracts;
using ControlPlane.Audit;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Http;
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
}
