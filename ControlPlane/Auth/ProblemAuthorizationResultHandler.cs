using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Auth;

/// <summary>
/// 401 and 403 from the admin API as problem details that say what is wrong (which scope is missing);
/// console pages keep the default (a redirect to the sign-in page).
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!AdminApiRequests.IsAdminApi(context.Request))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(context, "Unauthorized", "A valid API key is required in the x-portkey-api-key header or as 'Authorization: Bearer <key>'.");
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var missing = policy.Requirements.OfType<ScopeRequirement>().Select(r => r.Scope).ToArray();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await WriteAsync(context, "Forbidden", missing.Length > 0
                ? $"The API key lacks the scope '{string.Join("', '", missing)}'."
                : "The API key may not do this.");
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private async Task WriteAsync(HttpContext context, string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = context.Response.StatusCode, Title = title, Detail = detail },
        });
}
