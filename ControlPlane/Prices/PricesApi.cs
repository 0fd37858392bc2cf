using System.Security.Claims;
using Contracts;
using Contracts.Pricing;
using ControlPlane.Audit;
using ControlPlane.Auth;
using ControlPlane.Catalog;
using ControlPlane.Http;
using ControlPlane.Providers;
using ControlPlane.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Prices;

/// <summary>
/// <c>/v1/model-prices</c>: the token prices the data plane charges usage at — the shipped catalog and
/// organisation-wide overrides of it. Model ids may hold '/', hence the catch-all route segment.
/// </summary>
internal static class PricesApi
{
    private const string Resource = "model_price";
    private const string ItemRoute = "/{ai_provider}/{**model}";

    public static IEndpointRouteBuilder MapPricesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/model-prices")
            .WithTags("Model prices")
            .WithMetadata(new AuditResourceAttribute(Resource))
            .RequireAuthorization();

        group.MapGet("/", ListModelPrices).WithName(nameof(ListModelPrices))
            .WithSummary("List the prices in force (filters: ai_provider; model, which returns the entry that prices that id)")
            .RequireAuthorization(Scopes.ProvidersRead);
        group.MapPut(ItemRoute, SetModelPrice).WithName(nameof(SetModelPrice))
            .WithSummary("Create or replace the organisation's price for a provider kind and model id (organisation keys only)")
            .RequireAuthorization(Scopes.ProvidersWrite);
        group.MapDelete(ItemRoute, DeleteModelPrice).WithName(nameof(DeleteModelPrice))
            .WithSummary("Remove a price override; the built-in price, if any, applies again (organisation keys only)")
            .RequireAuthorization(Scopes.ProvidersWrite);
        return app;
    }

    public static async Task<Results<Ok<ListResponse<ModelPriceResponse>>, ValidationProblem>> ListModelPrices(
        [FromQuery(Name = "ai_provider")] string? aiProvider,
        [FromQuery(Name = "model")] string? model,
        CatalogDbContext db,
        CancellationToken cancellationToken)
    {
        var errors = ModelPriceValidator.ValidateFilters(aiProvider, model);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var overrides = await db.ModelPrices.AsNoTracking().ToListAsync(cancellationToken);
        var catalog = PriceCatalog.BuiltIn.WithOverrides(overrides.Select(p => p.ToEntry()));
        IEnumerable<string> kinds = aiProvider is null ? AiProviders.Known.Order(StringComparer.Ordinal) : [aiProvider];
        var prices = model is null
            ? kinds.SelectMany(catalog.EntriesFor)
            : kinds.Select(kind => catalog.TryResolve(kind, model, out var match) ? match : null).OfType<PricedModel>();
        return TypedResults.Ok(new ListResponse<ModelPriceResponse>([.. prices.Select(ModelPriceResponse.From)]));
    }

    public static async Task<Results<Ok<ModelPriceResponse>, ValidationProblem, ProblemHttpResult>> SetModelPrice(
        [FromRoute(Name = "ai_provider")] string aiProvider,
        [FromRoute(Name = "model")] string? model,
        ModelPriceRequest request,
        ClaimsPrincipal user,
        CatalogDbContext db,
        SnapshotPublisher publisher,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!Caller.Require(user).IsOrganisation)
        {
            return OrganisationOnly();
        }

        var errors = ModelPriceValidator.Validate(aiProvider, model, request);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var modelKey = model!.ToLowerInvariant();
        var now = time.GetUtcNowForDb();
        var price = await db.ModelPrices.SingleOrDefaultAsync(p => p.AiProvider == aiProvider && p.ModelKey == modelKey, cancellationToken);
        if (price is null)
        {
            price = new ModelPriceOverride { Id = Guid.CreateVersion7(now), AiProvider = aiProvider, Model = model, ModelKey = modelKey, CreatedAt = now };
            db.ModelPrices.Add(price);
        }

        price.Model = model;
        price.InputPerMillion = request.InputPerMillion!.Value;
        price.OutputPerMillion = request.OutputPerMillion!.Value;
        price.CachedInputPerMillion = request.CachedInputPerMillion;
        price.UpdatedAt = now;
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return Problems.Conflict($"The price of '{aiProvider}/{model}' was created concurrently; send the request again to replace it.");
        }

        await publisher.PublishAsync(overwrite: false, cancellationToken);
        var saved = price.ToEntry();
        return TypedResults.Ok(new ModelPriceResponse(
            saved.AiProvider, saved.Model, saved.InputPerMillion, saved.OutputPerMillion, saved.CachedInputPerMillion, ModelPriceResponse.Override));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteModelPrice(
        [FromRoute(Name = "ai_provider")] string aiProvider,
        [FromRoute(Name = "model")] string? model,
        ClaimsPrincipal user,
        CatalogDbContext db,
        SnapshotPublisher publisher,
        CancellationToken cancellationToken)
    {
        if (!Caller.Require(user).IsOrganisation)
        {
            return OrganisationOnly();
        }

        var modelKey = (model ?? "").ToLowerInvariant();
        var price = await db.ModelPrices.SingleOrDefaultAsync(p => p.AiProvider == aiProvider && p.ModelKey == modelKey, cancellationToken);
        if (price is null)
        {
            return Problems.NotFound("price override", $"{aiProvider}/{model}");
        }

        db.ModelPrices.Remove(price);
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PublishAsync(overwrite: false, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult OrganisationOnly() =>
        Problems.Forbidden("Model prices are organisation-wide: only organisation keys may change them.");
}
