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
            .WithSummary("The models this key may use, from each visible provider's allow-list")
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

        // Providers without an allow-list will list the price catalog's models for their kind once it exists.
        var models = snapshot.ProvidersBySlug.Values
            .Where(provider => provider.IsVisibleTo(key))
            .OrderBy(provider => provider.Slug, StringComparer.Ordinal)
            .SelectMany(provider => provider.Entry.Models.Select(model => new ModelInfo($"@{provider.Slug}/{model}", provider.Slug)))
            .ToList();
        return TypedResults.Ok(new ModelList(models));
    }
}
