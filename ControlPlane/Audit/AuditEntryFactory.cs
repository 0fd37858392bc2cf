using ControlPlane.Auth;
using ControlPlane.Catalog;
using Microsoft.AspNetCore.Routing;

namespace ControlPlane.Audit;

/// <summary>What one mutation's audit entry says, from the request and response only (never the body).</summary>
internal static class AuditEntryFactory
{
    public static bool IsAudited(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)
         || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method))
        && request.Path.StartsWithSegments("/v1");

    public static AuditLog Create(HttpContext context, int statusCode, DateTimeOffset now, string? summary = null)
    {
        var request = context.Request;
        var caller = Caller.From(context.User);
        return new AuditLog
        {
            Id = Guid.CreateVersion7(now),
            CreatedAt = now,
            ActorApiKeyId = caller?.KeyId,
            // An organisation key's home workspace is attribution only: its actions stay out of that workspace's audit view.
            WorkspaceId = caller is { IsOrganisation: false } ? caller.WorkspaceId : null,
            Method = request.Method,
            Path = Truncate(request.Path.Value ?? "/", 2048),
            ResourceType = context.GetEndpoint()?.Metadata.GetMetadata<AuditResourceAttribute>()?.ResourceType,
            ResourceId = ResourceId(context),
            Action = Action(request.Method, request.Path),
            StatusCode = statusCode,
            Summary = summary,
        };
    }

    public static string Action(string method, PathString path)
    {
        if (HttpMethods.IsDelete(method))
        {
            return path.StartsWithSegments("/v1/api-keys") ? "revoke" : "delete";
        }

        if (HttpMethods.IsPost(method) && path.Value is { } value)
        {
            if (value.EndsWith("/rotate", StringComparison.Ordinal))
            {
                return "rotate";
            }

            if (value.EndsWith("/usage/reset", StringComparison.Ordinal))
            {
                return "usage.reset";
            }
        }

        return HttpMethods.IsPost(method) ? "create" : "update";
    }

    private static string? ResourceId(HttpContext context)
    {
        // The route names the object; a create names it in Location.
        var routeValues = context.GetRouteData().Values;
        foreach (var name in (string[])["id", "slug"])
        {
            if (routeValues.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text)
            {
                return Truncate(text, 200);
            }
        }

        var location = context.Response.Headers.Location.ToString();
        if (location.Length == 0)
        {
            return null;
        }

        var last = location.TrimEnd('/');
        return Truncate(last[(last.LastIndexOf('/') + 1)..], 200);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
