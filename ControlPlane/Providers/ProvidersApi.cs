using System.Security.Claims;
using Contracts;
using Contracts.Limits;
using Contracts.Security;
using ControlPlane.Audit;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Governance;
using ControlPlane.Http;
using ControlPlane.Providers.Configurations;
using ControlPlane.Limits;
using ControlPlane.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Providers;

/// <summary>The Model Catalog: <c>/v1/providers</c>.</summary>
internal static class ProvidersApi
{
    private const string Resource = "provider";

    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/providers")
            .WithTags("Providers")
            .WithMetadata(new AuditResourceAttribute(Resource))
            .RequireAuthorization();

        group.MapPost("/", CreateProvider).WithName(nameof(CreateProvider)).WithSummary("Add a provider to the Model Catalog")
            .RequireAuthorization(Scopes.ProvidersWrite);
        group.MapGet("/", ListProviders).WithName(nameof(ListProviders)).WithSummary("List the providers the key can see")
            .RequireAuthorization(Scopes.ProvidersRead);
        group.MapGet("/{slug}", GetProvider).WithName(nameof(GetProvider)).WithSummary("Get one provider")
            .RequireAuthorization(Scopes.ProvidersRead);
        group.MapPut("/{slug}", UpdateProvider).WithName(nameof(UpdateProvider)).WithSummary("Change a provider (absent fields keep their value)")
            .RequireAuthorization(Scopes.ProvidersWrite);
        group.MapDelete("/{slug}", DeleteProvider).WithName(nameof(DeleteProvider)).WithSummary("Remove a provider")
            .RequireAuthorization(Scopes.ProvidersWrite);
        group.MapPost("/{slug}/usage/reset", ResetProviderUsage).WithName(nameof(ResetProviderUsage))
            .WithSummary("Reset the provider's budget for the current period (spent = 0; live reservations stay)")
            .RequireAuthorization(Scopes.ProvidersWrite);
        return app;
    }

    public static async Task<Results<Created<ProviderResponse>, ValidationProblem, ProblemHttpResult>> CreateProvider(
        ProviderRequest request, ClaimsPrincipal user, CatalogDbContext db, SecretProtector protector,
        SnapshotPublisher publisher, BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var errors = ProviderValidator.Validate(request, stored: null);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        // A workspace key's provider always belongs to its own workspace.
        var workspaceId = caller.IsOrganisation ? request.WorkspaceId : caller.WorkspaceId;
        if (workspaceId is { } id && !await db.Workspaces.AnyAsync(w => w.Id == id, cancellationToken))
        {
            return Problems.NotFound("workspace", id.ToString());
        }

        if (await db.Providers.AnyAsync(p => p.Slug == request.Slug, cancellationToken))
        {
            return Problems.Conflict($"A provider with slug '{request.Slug}' already exists.");
        }

        var now = time.GetUtcNowForDb();
        var provider = new Provider
        {
            Id = Guid.CreateVersion7(now),
            Slug = request.Slug!,
            Name = request.Name!.Trim(),
            AiProvider = request.AiProvider!,
            WorkspaceId = workspaceId,
            CreatedAt = now,
        };
        Apply(provider, request, protector, now);
        db.Providers.Add(provider);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return Problems.Conflict($"A provider with slug '{request.Slug}' already exists.");
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Created($"/v1/providers/{provider.Slug}", await ToResponseAsync(provider, budgets, cancellationToken));
    }

    public static async Task<Ok<ListResponse<ProviderResponse>>> ListProviders(
        ClaimsPrincipal user, CatalogDbContext db, BudgetReader budgets, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var query = db.Providers.AsNoTracking();
        if (!caller.IsOrganisation)
        {
            query = query.Where(p => p.WorkspaceId == null || p.WorkspaceId == caller.WorkspaceId);
        }

        var providers = await query.OrderBy(p => p.Slug).ToListAsync(cancellationToken);
        // Every listed budget in one Redis round trip.
        var limited = providers.Select(p => (Provider: p, Budget: Budget(p))).ToList();
        var states = await budgets.ReadAsync([.. limited.Where(l => l.Budget is not null).Select(l => l.Budget!.Value)], cancellationToken);
        return TypedResults.Ok(new ListResponse<ProviderResponse>([.. limited.Select(l => ProviderResponse.From(l.Provider,
            l.Budget is { } budget && states is not null ? states[budget] : null))]));
    }

    public static async Task<Results<Ok<ProviderResponse>, ProblemHttpResult>> GetProvider(
        string slug, ClaimsPrincipal user, CatalogDbContext db, BudgetReader budgets, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var provider = await db.Providers.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        return provider is null || !caller.CanSee(provider.WorkspaceId)
            ? Problems.NotFound(Resource, slug)
            : TypedResults.Ok(await ToResponseAsync(provider, budgets, cancellationToken));
    }

    public static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> UpdateProvider(
        string slug, ProviderRequest request, ClaimsPrincipal user, CatalogDbContext db, SecretProtector protector,
        SnapshotPublisher publisher, BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var provider = await db.Providers.SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (provider is null || !caller.CanSee(provider.WorkspaceId))
        {
            return Problems.NotFound(Resource, slug);
        }

        if (!caller.CanChange(provider.WorkspaceId))
        {
            return Problems.Forbidden("Shared providers can only be changed with an organisation key.");
        }

        var errors = ProviderValidator.Validate(request, provider);
        if (request.WorkspaceId is { } workspaceId && workspaceId != provider.WorkspaceId)
        {
            errors.Add("workspace_id", "is read-only: a provider stays in the workspace it was created in.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (request.Slug is not null && request.Slug != provider.Slug)
        {
            if (await db.Providers.AnyAsync(p => p.Slug == request.Slug, cancellationToken))
            {
                return Problems.Conflict($"A provider with slug '{request.Slug}' already exists.");
            }

            provider.Slug = request.Slug;
        }

        provider.Name = request.Name?.Trim() ?? provider.Name;
        provider.AiProvider = request.AiProvider ?? provider.AiProvider;
        Apply(provider, request, protector, time.GetUtcNowForDb());
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return Problems.Conflict($"A provider with slug '{request.Slug}' already exists.");
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(provider, budgets, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProvider(
        string slug, ClaimsPrincipal user, CatalogDbContext db, SnapshotPublisher publisher, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var provider = await db.Providers.SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (provider is null || !caller.CanSee(provider.WorkspaceId))
        {
            return Problems.NotFound(Resource, slug);
        }

        if (!caller.CanChange(provider.WorkspaceId))
        {
            return Problems.Forbidden("Shared providers can only be removed with an organisation key.");
        }

        db.Providers.Remove(provider);
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The optional fields: on create all of them, on update those present.</summary>
    private static void Apply(Provider provider, ProviderRequest request, SecretProtector protector, DateTimeOffset now)
    {
        if (request.Key is not null)
        {
            provider.EncryptedKey = request.Key.Length == 0 ? null : protector.Protect(request.Key);
        }

        if (request.BaseUrl is not null)
        {
            provider.BaseUrl = request.BaseUrl.Length == 0 ? null : request.BaseUrl;
        }

        if (request.Configurations is { } configurations)
        {
            provider.Configurations = configurations.ValueKind == System.Text.Json.JsonValueKind.Null
                ? null
                : ProviderConfigurations.ForStorage(configurations, protector);
        }

        if (request.Models is { } models)
        {
            provider.Models = [.. models.Select(m => m!.Trim()).Distinct(StringComparer.Ordinal)];
        }

        if (request.UsageLimits is not null)
        {
            provider.UsageLimits = LimitsValidator.Serialize(request.UsageLimits);
        }

        if (request.RateLimits is not null)
        {
            provider.RateLimits = LimitsValidator.Serialize(request.RateLimits);
        }

        provider.Disabled = request.Disabled ?? provider.Disabled;

        provider.UpdatedAt = now;
    }

    public static async Task<Results<Ok<UsageLimitsResponse>, ProblemHttpResult>> ResetProviderUsage(
        string slug, ClaimsPrincipal user, CatalogDbContext db, BudgetResetter resetter, BudgetReader budgets, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var provider = await db.Providers.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (provider is null || !caller.CanSee(provider.WorkspaceId))
        {
            return Problems.NotFound(Resource, slug);
        }

        if (!caller.CanChange(provider.WorkspaceId))
        {
            return Problems.Forbidden("Shared providers can only be reset with an organisation key.");
        }

        return await UsageReset.ResetAsync(
            LimitsValidator.Deserialize<UsageLimits>(provider.UsageLimits), LimitScope.Provider, provider.Id, resetter, budgets, cancellationToken);
    }

    private static BudgetRef? Budget(Provider provider) =>
        LimitsValidator.Deserialize<UsageLimits>(provider.UsageLimits) is { } limits
            ? new BudgetRef(LimitScope.Provider, provider.Id, limits.PeriodicReset)
            : null;

    private static async Task<ProviderResponse> ToResponseAsync(Provider provider, BudgetReader budgets, CancellationToken cancellationToken) =>
        ProviderResponse.From(provider, Budget(provider) is { } budget ? await budgets.ReadOneAsync(budget, cancellationToken) : null);
}
