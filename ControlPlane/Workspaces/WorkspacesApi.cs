using System.Security.Claims;
using Contracts;
using Contracts.Limits;
using Contracts.Security;
using ControlPlane.Audit;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Configs;
using ControlPlane.Governance;
using ControlPlane.Guardrails;
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
            .WithSummary("Delete an empty workspace (no providers, configs, guardrails or active keys; never 'default')")
            .RequireAuthorization(Scopes.WorkspacesWrite);
        group.MapPost("/{id:guid}/usage/reset", ResetWorkspaceUsage).WithName(nameof(ResetWorkspaceUsage))
            .WithSummary("Reset the workspace's budget for the current period (spent = 0; live reservations stay)")
            .RequireAuthorization(Scopes.WorkspacesWrite);
        return app;
    }

    public static async Task<Results<Created<WorkspaceResponse>, ValidationProblem, ProblemHttpResult>> CreateWorkspace(
        WorkspaceRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher, SecretProtector protector,
        BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken)
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

        // A new workspace has no guardrails of its own yet: its defaults may name organisation-wide ones.
        await CheckGuardrailsAsync(db, workspaceId: null, request.Defaults, errors, cancellationToken);
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
            Defaults = LimitsValidator.Serialize(request.Defaults),
            UsageLimits = LimitsValidator.Serialize(request.UsageLimits),
            RateLimits = LimitsValidator.Serialize(request.RateLimits),
            RedisFailurePolicy = request.RedisFailurePolicy ?? WorkspaceValidator.FailOpen,
            AlertWebhookUrl = request.AlertWebhook?.Url,
            AlertWebhookEncryptedSecret = request.AlertWebhook?.Secret is { Length: > 0 } secret ? protector.Protect(secret) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Workspaces.Add(workspace);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return Problems.Conflict($"A workspace with slug '{request.Slug}' already exists.");
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Created($"/v1/admin/workspaces/{workspace.Id}", await ToResponseAsync(workspace, budgets, cancellationToken));
    }

    public static async Task<Ok<ListResponse<WorkspaceResponse>>> ListWorkspaces(
        ClaimsPrincipal user, CatalogDbContext db, BudgetReader budgets, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var query = db.Workspaces.AsNoTracking();
        if (!caller.IsOrganisation)
        {
            query = query.Where(w => w.Id == caller.WorkspaceId);
        }

        var workspaces = await query.OrderBy(w => w.Slug).ToListAsync(cancellationToken);
        // Every listed budget in one Redis round trip.
        var limited = workspaces.Select(w => (Workspace: w, Budget: Budget(w))).ToList();
        var states = await budgets.ReadAsync([.. limited.Where(l => l.Budget is not null).Select(l => l.Budget!.Value)], cancellationToken);
        return TypedResults.Ok(new ListResponse<WorkspaceResponse>([.. limited.Select(l => WorkspaceResponse.From(l.Workspace,
            l.Budget is { } budget && states is not null ? states[budget] : null))]));
    }

    public static async Task<Results<Ok<WorkspaceResponse>, ProblemHttpResult>> GetWorkspace(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, BudgetReader budgets, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var workspace = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        return workspace is null || !(caller.IsOrganisation || caller.WorkspaceId == id)
            ? Problems.NotFound(Resource, id.ToString())
            : TypedResults.Ok(await ToResponseAsync(workspace, budgets, cancellationToken));
    }

    public static async Task<Results<Ok<WorkspaceResponse>, ValidationProblem, ProblemHttpResult>> UpdateWorkspace(
        Guid id, UpdateWorkspaceRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        SecretProtector protector, BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var workspace = await db.Workspaces.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workspace is null || !(caller.IsOrganisation || caller.WorkspaceId == id))
        {
            return Problems.NotFound(Resource, id.ToString());
        }

        var errors = WorkspaceValidator.ValidateUpdate(request, workspace.Slug);
        if (request.AlertWebhook is { Url: null } && workspace.AlertWebhookUrl is null)
        {
            errors.Add("alert_webhook.url", "is required: the workspace has no webhook yet.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        // A workspace's config default must be one of its own configs.
        if (request.Defaults?.ConfigId is { } configId && !await ConfigLookup.ExistsAsync(db, configId, id, cancellationToken))
        {
            return Problems.NotFound("config", configId);
        }

        await CheckGuardrailsAsync(db, id, request.Defaults, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        workspace.Name = request.Name?.Trim() ?? workspace.Name;
        workspace.Defaults = request.Defaults is null ? workspace.Defaults : LimitsValidator.Serialize(request.Defaults);
        workspace.UsageLimits = request.UsageLimits is null ? workspace.UsageLimits : LimitsValidator.Serialize(request.UsageLimits);
        workspace.RateLimits = request.RateLimits is null ? workspace.RateLimits : LimitsValidator.Serialize(request.RateLimits);
        workspace.RedisFailurePolicy = request.RedisFailurePolicy ?? workspace.RedisFailurePolicy;
        ApplyWebhook(workspace, request.AlertWebhook, protector);
        workspace.UpdatedAt = time.GetUtcNowForDb();
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(workspace, budgets, cancellationToken));
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

        if (await db.Guardrails.AnyAsync(g => g.WorkspaceId == id && g.DeletedAt == null, cancellationToken))
        {
            return Problems.Conflict("The workspace still has guardrails; delete them first.");
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

    public static async Task<Results<Ok<UsageLimitsResponse>, ProblemHttpResult>> ResetWorkspaceUsage(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, BudgetResetter resetter, BudgetReader budgets, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var workspace = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workspace is null || !(caller.IsOrganisation || caller.WorkspaceId == id))
        {
            return Problems.NotFound(Resource, id.ToString());
        }

        return await UsageReset.ResetAsync(
            LimitsValidator.Deserialize<UsageLimits>(workspace.UsageLimits), LimitScope.Workspace, id, resetter, budgets, cancellationToken);
    }

    /// <summary>Given URL replaces ("" removes the webhook and its secret); given secret replaces ("" removes); absent keeps.</summary>
    private static void ApplyWebhook(Workspace workspace, AlertWebhookRequest? webhook, SecretProtector protector)
    {
        if (webhook is null)
        {
            return;
        }

        if (webhook.Url is { Length: 0 })
        {
            workspace.AlertWebhookUrl = null;
            workspace.AlertWebhookEncryptedSecret = null;
            return;
        }

        workspace.AlertWebhookUrl = webhook.Url ?? workspace.AlertWebhookUrl;
        if (webhook.Secret is not null)
        {
            workspace.AlertWebhookEncryptedSecret = webhook.Secret.Length == 0 ? null : protector.Protect(webhook.Secret);
        }
    }

    /// <summary>Saved ids in the defaults' guardrail lists must be live guardrails the workspace can see.</summary>
    private static Task CheckGuardrailsAsync(
        CatalogDbContext db, Guid? workspaceId, WorkspaceDefaults? defaults, ValidationErrors errors, CancellationToken cancellationToken) =>
        defaults is null
            ? Task.CompletedTask
            : GuardrailLookup.CheckAsync(db, workspaceId,
                GuardrailReferences.InList(defaults.InputGuardrails, "defaults.input_guardrails")
                    .Concat(GuardrailReferences.InList(defaults.OutputGuardrails, "defaults.output_guardrails")),
                errors, cancellationToken);

    private static BudgetRef? Budget(Workspace workspace) =>
        LimitsValidator.Deserialize<UsageLimits>(workspace.UsageLimits) is { } limits
            ? new BudgetRef(LimitScope.Workspace, workspace.Id, limits.PeriodicReset)
            : null;

    private static async Task<WorkspaceResponse> ToResponseAsync(Workspace workspace, BudgetReader budgets, CancellationToken cancellationToken) =>
        WorkspaceResponse.From(workspace, Budget(workspace) is { } budget ? await budgets.ReadOneAsync(budget, cancellationToken) : null);
}
