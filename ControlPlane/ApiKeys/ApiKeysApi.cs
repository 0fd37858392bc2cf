using System.Security.Claims;
using System.Text.Json;
using Contracts;
using Contracts.Json;
using Contracts.Limits;
using Contracts.Security;
using ControlPlane.Audit;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Configs;
using ControlPlane.Governance;
using ControlPlane.Http;
using ControlPlane.Limits;
using ControlPlane.Snapshots;
using ControlPlane.Startup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.ApiKeys;

/// <summary><c>/v1/api-keys</c>.</summary>
internal static class ApiKeysApi
{
    private const string Resource = "api_key";

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/api-keys")
            .WithTags("API keys")
            .WithMetadata(new AuditResourceAttribute(Resource))
            .RequireAuthorization();

        group.MapPost("/{type}/{sub_type}", CreateApiKey).WithName(nameof(CreateApiKey))
            .WithSummary("Create an API key (type: organisation|workspace, sub_type: user|service); the key is returned once")
            .RequireAuthorization(Scopes.ApiKeysWrite);
        group.MapGet("/", ListApiKeys).WithName(nameof(ListApiKeys)).WithSummary("List the API keys the key can see")
            .RequireAuthorization(Scopes.ApiKeysRead);
        group.MapGet("/{id:guid}", GetApiKey).WithName(nameof(GetApiKey)).WithSummary("Get one API key (never the key itself)")
            .RequireAuthorization(Scopes.ApiKeysRead);
        group.MapPut("/{id:guid}", UpdateApiKey).WithName(nameof(UpdateApiKey))
            .WithSummary("Update an API key's name, scopes, defaults, limits or expiry (type, workspace and ids are read-only)")
            .RequireAuthorization(Scopes.ApiKeysWrite);
        group.MapPost("/{id:guid}/rotate", RotateApiKey).WithName(nameof(RotateApiKey))
            .WithSummary("Replace an API key's secret; the new key is returned once, the old one stops now or after grace_period_seconds")
            .RequireAuthorization(Scopes.ApiKeysWrite);
        group.MapPost("/{id:guid}/usage/reset", ResetApiKeyUsage).WithName(nameof(ResetApiKeyUsage))
            .WithSummary("Reset the key's budget for the current period (spent = 0; live reservations stay)")
            .RequireAuthorization(Scopes.ApiKeysWrite);
        group.MapDelete("/{id:guid}", RevokeApiKey).WithName(nameof(RevokeApiKey)).WithSummary("Revoke an API key")
            .RequireAuthorization(Scopes.ApiKeysWrite);
        return app;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateApiKey(
        string type, [FromRoute(Name = "sub_type")] string subType, CreateApiKeyRequest request, ClaimsPrincipal user,
        CatalogDbContext db, SnapshotPublisher publisher, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var now = time.GetUtcNowForDb();
        var errors = ApiKeyValidator.Validate(type, subType, request, now);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (type == ApiKeyTypes.Organisation && !caller.IsOrganisation)
        {
            return Problems.Forbidden("A workspace key cannot create organisation keys.");
        }

        Guid? workspaceId = null;
        if (type == ApiKeyTypes.Organisation && request.WorkspaceId is { } home)
        {
            // An organisation key's home workspace: attribution only, it still sees every workspace.
            if (!await db.Workspaces.AnyAsync(w => w.Id == home, cancellationToken))
            {
                return Problems.NotFound("workspace", home.ToString());
            }

            workspaceId = home;
        }
        else if (type == ApiKeyTypes.Workspace)
        {
            workspaceId = request.WorkspaceId ?? caller.WorkspaceId
                ?? await db.Workspaces.Where(w => w.Slug == CatalogInitializer.DefaultWorkspaceSlug).Select(w => (Guid?)w.Id).SingleOrDefaultAsync(cancellationToken);
            if (workspaceId is not { } id
                || (!caller.IsOrganisation && id != caller.WorkspaceId)
                || !await db.Workspaces.AnyAsync(w => w.Id == id, cancellationToken))
            {
                return Problems.NotFound("workspace", (request.WorkspaceId ?? workspaceId)?.ToString() ?? CatalogInitializer.DefaultWorkspaceSlug);
            }
        }

        var scopes = ApiKeyValidator.EffectiveScopes(request);
        if (scopes.FirstOrDefault(s => !caller.HasScope(s)) is { } ungranted)
        {
            return Problems.Forbidden($"A key cannot grant the scope '{ungranted}', which it does not hold itself.");
        }

        if (request.Defaults?.ConfigId is { } configId
            && !await ConfigLookup.ExistsAsync(db, configId, type == ApiKeyTypes.Workspace ? workspaceId : null, cancellationToken))
        {
            return Problems.NotFound("config", configId);
        }

        var secret = ApiKeyHasher.NewKey();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name!.Trim(),
            Type = type,
            SubType = subType,
            WorkspaceId = workspaceId,
            UserId = request.UserId,
            KeyHash = ApiKeyHasher.Hash(secret),
            Scopes = scopes,
            Defaults = request.Defaults is null ? null : JsonSerializer.Serialize(
                request.Defaults with { AllowConfigOverride = request.Defaults.AllowConfigOverride ?? true }, ContractJson.Options),
            RateLimits = LimitsValidator.Serialize(request.RateLimits),
            UsageLimits = LimitsValidator.Serialize(request.UsageLimits),
            ExpiresAt = request.ExpiresAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);

        return TypedResults.Created($"/v1/api-keys/{key.Id}", WithSecret(ApiKeyResponse.From(key, now, BudgetState.Empty), secret));
    }

    private static CreatedApiKeyResponse WithSecret(ApiKeyResponse response, string secret) => new()
    {
        Id = response.Id,
        Name = response.Name,
        Type = response.Type,
        SubType = response.SubType,
        WorkspaceId = response.WorkspaceId,
        UserId = response.UserId,
        Scopes = response.Scopes,
        Defaults = response.Defaults,
        RateLimits = response.RateLimits,
        UsageLimits = response.UsageLimits,
        ExpiresAt = response.ExpiresAt,
        Status = response.Status,
        RevokedAt = response.RevokedAt,
        CreatedAt = response.CreatedAt,
        UpdatedAt = response.UpdatedAt,
        Key = secret,
    };

    public static async Task<Ok<ListResponse<ApiKeyResponse>>> ListApiKeys(
        ClaimsPrincipal user, CatalogDbContext db, BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var query = db.ApiKeys.AsNoTracking();
        if (!caller.IsOrganisation)
        {
            query = query.Where(k => k.Type == ApiKeyTypes.Workspace && k.WorkspaceId == caller.WorkspaceId);
        }

        var keys = await query.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken);
        var now = time.GetUtcNowForDb();
        // Every listed budget in one Redis round trip.
        var limited = keys.Select(k => (Key: k, Budget: Budget(k))).ToList();
        var states = await budgets.ReadAsync([.. limited.Where(l => l.Budget is not null).Select(l => l.Budget!.Value)], cancellationToken);
        return TypedResults.Ok(new ListResponse<ApiKeyResponse>([.. limited.Select(l => ApiKeyResponse.From(l.Key, now,
            l.Budget is { } budget && states is not null ? states[budget] : null))]));
    }

    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> GetApiKey(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        return key is null || !IsVisible(caller, key)
            ? Problems.NotFound(Resource, id.ToString())
            : TypedResults.Ok(await ToResponseAsync(key, time.GetUtcNowForDb(), budgets, cancellationToken));
    }

    public static async Task<Results<Ok<ApiKeyResponse>, ValidationProblem, ProblemHttpResult>> UpdateApiKey(
        Guid id, UpdateApiKeyRequest request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var now = time.GetUtcNowForDb();
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || !IsVisible(caller, key) || key.RevokedAt is not null)
        {
            return Problems.NotFound(Resource, id.ToString());
        }

        var errors = ApiKeyValidator.ValidateUpdate(request, now);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (key.IsBootstrap)
        {
            return Problems.Conflict("The bootstrap admin key is managed through Gateway:AdminApiKey and cannot be changed here.");
        }

        if (request.Scopes is not null
            && ApiKeyValidator.Distinct(request.Scopes).FirstOrDefault(s => !caller.HasScope(s)) is { } ungranted)
        {
            return Problems.Forbidden($"A key cannot grant the scope '{ungranted}', which it does not hold itself.");
        }

        if (request.Defaults?.ConfigId is { } configId
            && !await ConfigLookup.ExistsAsync(db, configId, key.Type == ApiKeyTypes.Workspace ? key.WorkspaceId : null, cancellationToken))
        {
            return Problems.NotFound("config", configId);
        }

        if (request.Name is not null)
        {
            key.Name = request.Name.Trim();
        }

        if (request.Scopes is not null)
        {
            key.Scopes = ApiKeyValidator.Distinct(request.Scopes);
        }

        if (request.Defaults is not null)
        {
            key.Defaults = JsonSerializer.Serialize(
                request.Defaults with { AllowConfigOverride = request.Defaults.AllowConfigOverride ?? true }, ContractJson.Options);
        }

        key.RateLimits = request.RateLimits is null ? key.RateLimits : LimitsValidator.Serialize(request.RateLimits);
        key.UsageLimits = request.UsageLimits is null ? key.UsageLimits : LimitsValidator.Serialize(request.UsageLimits);
        key.ExpiresAt = request.ExpiresAt ?? key.ExpiresAt;
        key.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(key, now, budgets, cancellationToken));
    }

    public static async Task<Results<Ok<CreatedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> RotateApiKey(
        Guid id, [FromBody] RotateApiKeyRequest? request, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher,
        BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || !IsVisible(caller, key) || key.RevokedAt is not null)
        {
            return Problems.NotFound(Resource, id.ToString());
        }

        var errors = ApiKeyValidator.ValidateRotate(request);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (key.IsBootstrap)
        {
            return Problems.Conflict("The bootstrap admin key is rotated by changing Gateway:AdminApiKey.");
        }

        var now = time.GetUtcNowForDb();
        var secret = ApiKeyRotation.Rotate(key, request?.GracePeriodSeconds ?? 0, now);
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Ok(WithSecret(await ToResponseAsync(key, now, budgets, cancellationToken), secret));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || !IsVisible(caller, key))
        {
            return Problems.NotFound(Resource, id.ToString());
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = key.UpdatedAt = time.GetUtcNowForDb();
            await db.SaveChangesAsync(cancellationToken);
            await publisher.PublishAsync(overwrite: false, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UsageLimitsResponse>, ProblemHttpResult>> ResetApiKeyUsage(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, BudgetResetter resetter, BudgetReader budgets, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || !IsVisible(caller, key) || key.RevokedAt is not null)
        {
            return Problems.NotFound(Resource, id.ToString());
        }

        return await UsageReset.ResetAsync(
            LimitsValidator.Deserialize<UsageLimits>(key.UsageLimits), LimitScope.ApiKey, key.Id, resetter, budgets, cancellationToken);
    }

    private static BudgetRef? Budget(ApiKey key) =>
        LimitsValidator.Deserialize<UsageLimits>(key.UsageLimits) is { } limits
            ? new BudgetRef(LimitScope.ApiKey, key.Id, limits.PeriodicReset)
            : null;

    private static async Task<ApiKeyResponse> ToResponseAsync(ApiKey key, DateTimeOffset now, BudgetReader budgets, CancellationToken cancellationToken) =>
        ApiKeyResponse.From(key, now, Budget(key) is { } budget ? await budgets.ReadOneAsync(budget, cancellationToken) : null);

    /// <summary>Workspace keys see their workspace's workspace keys only, never an organisation key homed there.</summary>
    private static bool IsVisible(Caller caller, ApiKey key) =>
        caller.IsOrganisation || (key.Type == ApiKeyTypes.Workspace && key.WorkspaceId == caller.WorkspaceId);
}
