using System.Security.Claims;
using System.Text.Json;
using Contracts;
using ControlPlane.Audit;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Guardrails;
using ControlPlane.Http;
using ControlPlane.Snapshots;
using ControlPlane.Startup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Configs;

/// <summary>Saved routing configs with immutable versions: <c>/v1/configs</c>.</summary>
internal static class ConfigsApi
{
    private const string Resource = "config";

    public static IEndpointRouteBuilder MapConfigsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/configs")
            .WithTags("Configs")
            .WithMetadata(new AuditResourceAttribute(Resource))
            .RequireAuthorization();

        group.MapPost("/", CreateConfig).WithName(nameof(CreateConfig)).WithSummary("Save a routing config (version 1)")
            .RequireAuthorization(Scopes.ConfigsWrite);
        group.MapGet("/", ListConfigs).WithName(nameof(ListConfigs)).WithSummary("List the configs the key can see, each with its latest version")
            .RequireAuthorization(Scopes.ConfigsRead);
        group.MapGet("/{id}", GetConfig).WithName(nameof(GetConfig)).WithSummary("Get a config's latest version")
            .RequireAuthorization(Scopes.ConfigsRead);
        group.MapPut("/{id}", UpdateConfig).WithName(nameof(UpdateConfig)).WithSummary("Rename a config and/or save a new version of it")
            .RequireAuthorization(Scopes.ConfigsWrite);
        group.MapDelete("/{id}", DeleteConfig).WithName(nameof(DeleteConfig)).WithSummary("Delete a config (it stops resolving on the data plane)")
            .RequireAuthorization(Scopes.ConfigsWrite);
        group.MapGet("/{id}/versions", ListConfigVersions).WithName(nameof(ListConfigVersions)).WithSummary("List a config's versions, newest first")
            .RequireAuthorization(Scopes.ConfigsRead);
        return app;
    }

    public static async Task<Results<Created<ConfigResponse>, ValidationProblem, ProblemHttpResult>> CreateConfig(
        CreateConfigRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        // The workspace first: it decides which provider slugs the config may name, so one 400 lists every error.
        Guid workspaceId;
        if (!caller.IsOrganisation)
        {
            // A workspace key's config always belongs to its own workspace.
            workspaceId = caller.WorkspaceId ?? throw new InvalidOperationException("A workspace key has a workspace.");
        }
        else if (request.WorkspaceId is { } requested)
        {
            if (!await db.Workspaces.AnyAsync(w => w.Id == requested, cancellationToken))
            {
                return Problems.NotFound("workspace", requested.ToString());
            }

            workspaceId = requested;
        }
        else
        {
            var fallback = await db.Workspaces.Where(w => w.Slug == CatalogInitializer.DefaultWorkspaceSlug)
                .Select(w => (Guid?)w.Id).SingleOrDefaultAsync(cancellationToken);
            if (fallback is not { } defaultId)
            {
                return Problems.NotFound("workspace", CatalogInitializer.DefaultWorkspaceSlug);
            }

            workspaceId = defaultId;
        }

        var errors = ConfigRequestValidator.ValidateCreate(request, await ProviderSlugsAsync(db, workspaceId, cancellationToken));
        await CheckGuardrailsAsync(db, workspaceId, request.Config, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var config = request.Config!.Value;

        var name = request.Name!.Trim();
        if (await NameTakenAsync(db, workspaceId, name, exceptId: null, cancellationToken))
        {
            return NameConflict(name);
        }

        var now = time.GetUtcNowForDb();
        var entity = new Config
        {
            Id = ConfigIds.New(),
            Name = name,
            WorkspaceId = workspaceId,
            LatestVersion = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var version = NewVersion(entity.Id, 1, config, now);
        db.Configs.Add(entity);
        db.ConfigVersions.Add(version);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return NameConflict(name);
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Created($"/v1/configs/{entity.Id}", ConfigResponse.From(entity, version));
    }

    public static async Task<Ok<ListResponse<ConfigResponse>>> ListConfigs(
        ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var configs = db.Configs.AsNoTracking().Where(c => c.DeletedAt == null);
        if (!caller.IsOrganisation)
        {
            configs = configs.Where(c => c.WorkspaceId == caller.WorkspaceId);
        }

        var rows = await (
            from c in configs
            join v in db.ConfigVersions.AsNoTracking()
                on new { Id = c.Id, Version = c.LatestVersion } equals new { Id = v.ConfigId, v.Version }
            orderby c.Name, c.Id
            select new { Config = c, Version = v }).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ListResponse<ConfigResponse>([.. rows.Select(r => ConfigResponse.From(r.Config, r.Version))]));
    }

    public static async Task<Results<Ok<ConfigResponse>, ProblemHttpResult>> GetConfig(
        string id, ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var config = await FindVisibleAsync(db, id, Caller.Require(user), tracked: false, cancellationToken);
        if (config is null)
        {
            return Problems.NotFound(Resource, id);
        }

        var latest = await db.ConfigVersions.AsNoTracking()
            .SingleAsync(v => v.ConfigId == config.Id && v.Version == config.LatestVersion, cancellationToken);
        return TypedResults.Ok(ConfigResponse.From(config, latest));
    }

    public static async Task<Results<Ok<ConfigResponse>, ValidationProblem, ProblemHttpResult>> UpdateConfig(
        string id, UpdateConfigRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var config = await FindVisibleAsync(db, id, Caller.Require(user), tracked: true, cancellationToken);
        if (config is null)
        {
            return Problems.NotFound(Resource, id);
        }

        var errors = ConfigRequestValidator.ValidateUpdate(request, await ProviderSlugsAsync(db, config.WorkspaceId, cancellationToken));
        await CheckGuardrailsAsync(db, config.WorkspaceId, request.Config, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var name = request.Name?.Trim();
        if (name is not null && name != config.Name)
        {
            if (await NameTakenAsync(db, config.WorkspaceId, name, exceptId: config.Id, cancellationToken))
            {
                return NameConflict(name);
            }

            config.Name = name;
        }

        var now = time.GetUtcNowForDb();
        var latest = await db.ConfigVersions
            .SingleAsync(v => v.ConfigId == config.Id && v.Version == config.LatestVersion, cancellationToken);
        if (request.Config is { ValueKind: not JsonValueKind.Null } content && ConfigVersioning.IsChange(latest.Content, content))
        {
            // Versions are immutable: a changed config is a new row.
            latest = NewVersion(config.Id, ConfigVersioning.Next(config.LatestVersion), content, now);
            db.ConfigVersions.Add(latest);
            config.LatestVersion = latest.Version;
        }

        config.UpdatedAt = now;
        try
        {
            if (!await db.TrySaveUniqueAsync(cancellationToken))
            {
                return name is not null && await NameTakenAsync(db, config.WorkspaceId, name, config.Id, cancellationToken)
                    ? NameConflict(name)
                    : ConcurrentChange(id);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return ConcurrentChange(id);
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Ok(ConfigResponse.From(config, latest));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteConfig(
        string id, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var config = await FindVisibleAsync(db, id, Caller.Require(user), tracked: true, cancellationToken);
        if (config is null)
        {
            return Problems.NotFound(Resource, id);
        }

        // Soft delete: logs and audit entries keep naming an id that still means something.
        config.DeletedAt = config.UpdatedAt = time.GetUtcNowForDb();
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ListResponse<ConfigVersionResponse>>, ProblemHttpResult>> ListConfigVersions(
        string id, ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var config = await FindVisibleAsync(db, id, Caller.Require(user), tracked: false, cancellationToken);
        if (config is null)
        {
            return Problems.NotFound(Resource, id);
        }

        var versions = await db.ConfigVersions.AsNoTracking().Where(v => v.ConfigId == config.Id)
            .OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ListResponse<ConfigVersionResponse>([.. versions.Select(ConfigVersionResponse.From)]));
    }

    /// <summary>A live config the caller may see; another workspace's config is as unknown as a missing one.</summary>
    private static async Task<Config?> FindVisibleAsync(CatalogDbContext db, string id, Caller caller, bool tracked, CancellationToken cancellationToken)
    {
        if (!ConfigIds.IsWellFormed(id))
        {
            return null;
        }

        var query = tracked ? db.Configs : db.Configs.AsNoTracking();
        var config = await query.SingleOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        return config is not null && caller.CanSee(config.WorkspaceId) ? config : null;
    }

    /// <summary>Slugs a config in <paramref name="workspaceId"/> may route to: shared providers and the workspace's own.</summary>
    private static async Task<IReadOnlySet<string>> ProviderSlugsAsync(CatalogDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var slugs = await db.Providers.AsNoTracking()
            .Where(p => p.WorkspaceId == null || p.WorkspaceId == workspaceId)
            .Select(p => p.Slug).ToListAsync(cancellationToken);
        return slugs.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Saved guardrail ids the config names (any level) must be live guardrails its workspace can see.</summary>
    private static Task CheckGuardrailsAsync(
        CatalogDbContext db, Guid workspaceId, JsonElement? config, ValidationErrors errors, CancellationToken cancellationToken) =>
        config is { ValueKind: JsonValueKind.Object } value
            ? GuardrailLookup.CheckAsync(db, workspaceId, GuardrailReferences.InConfig(value, "config"), errors, cancellationToken)
            : Task.CompletedTask;

    private static Task<bool> NameTakenAsync(CatalogDbContext db, Guid workspaceId, string name, string? exceptId, CancellationToken cancellationToken) =>
        db.Configs.AnyAsync(c => c.WorkspaceId == workspaceId && c.Name == name && c.DeletedAt == null && c.Id != exceptId, cancellationToken);

    private static ConfigVersion NewVersion(string configId, int version, JsonElement content, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ConfigId = configId,
        Version = version,
        Content = content.GetRawText(),
        CreatedAt = now,
    };

    private static ProblemHttpResult NameConflict(string name) =>
        Problems.Conflict($"A config named '{name}' already exists in this workspace.");

    private static ProblemHttpResult ConcurrentChange(string id) =>
        Problems.Conflict($"Config '{id}' was changed by another request; read it again and retry.");
}
