using System.Text.Json;
using ControlPlane.Audit;
using ControlPlane.Auth;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace ControlPlane.Http;

internal static class AdminApiExtensions
{
    /// <summary>The HTTP surface: snake_case JSON, problem details for every error, auth, OpenAPI.</summary>
    public static WebApplicationBuilder AddAdminApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
        // Binding failures (malformed JSON, wrong content type) throw, so ProblemExceptionHandler can say what is wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.AddApiKeyAuth();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>());
        return builder;
    }

    public static WebApplication UseAdminApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<AuditMiddleware>();
        app.UseMiddleware<BodySizeGuardMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary><c>/openapi/v1.json</c> and the reference page at <c>/scalar</c>, in every environment.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("Gateway control plane"));
        return app;
    }
}
