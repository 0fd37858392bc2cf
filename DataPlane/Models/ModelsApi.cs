using DataPlane.Auth;
using DataPlane.Errors;
using DataPlane.Headers;
using DataPlane.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPlane.Models;

/// <summary><c>GET /v1/models</c>: what this key may use, as <c>@slug/model</c> ids.</summary>
internal static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", ListModels)
            .WithName("ListModels")
            .WithSummary("The models this key may use: each visible provider's allow-list, else the price catalog's models for its kind")
            .WithTags("Inference");
        return app;
    }

    public static Results<Ok<ModelList>, GatewayErrorResult> ListModels(HttpContext http, SnapshotStore snapshots, TimeProvider time)
    {
        http.Response.Headers[PortkeyHeaders.TraceId] = TraceIdReader.Read(http.Request.Headers);
        if (snapshots.Current is not { } snapshot)
        {
            return new GatewayErrorResult(GatewayError.NotReady());
        }

        if (ApiKeyAuthenticator.Authenticate(ApiKeyReader.Read(http.Request.Headers), snapshot, time.GetUtcNow(), out var error) is not { } key)
        {
            return new GatewayErrorResult(error!);
        }

        // A provider's allow-list, or where it has none, the models the price catalog knows for its kind.
        var models = new List<ModelInfo>();
        foreach (var provider in snapshot.ProvidersBySlug.Values.Where(p => p.IsVisibleTo(key)).OrderBy(p => p.Slug, StringComparer.Ordinal))
        {
            var ids = provider.Entry.Models.Count > 0 ? provider.Entry.Models : snapshot.Prices.ModelsFor(provider.Kind);
            foreach (var model in ids)
            {
                models.Add(new ModelInfo($"@{provider.Slug}/{model}", provider.Slug));
            }
        }

        return TypedResults.Ok(new ModelList(models));
    }
}
