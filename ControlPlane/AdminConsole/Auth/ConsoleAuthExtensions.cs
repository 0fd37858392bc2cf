using ControlPlane.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ControlPlane.AdminConsole.Auth;

internal static class ConsoleAuthExtensions
{
    /// <summary>
    /// The console signs in with an API key kept in an encrypted, HttpOnly, SameSite=Strict cookie. The cookie never
    /// authenticates the admin API (<c>/v1</c> takes keys only), so a forged cross-site request to it carries nothing.
    /// </summary>
    public static IHostApplicationBuilder AddConsoleAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConsoleCookieEvents>();
        builder.Services.AddAuthentication(options => options.DefaultScheme = ConsoleAuth.SelectorScheme)
            .AddPolicyScheme(ConsoleAuth.SelectorScheme, null, options => options.ForwardDefaultSelector = context =>
                AdminApiRequests.IsAdminApi(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : ConsoleAuth.Scheme)
            .AddCookie(ConsoleAuth.Scheme, options =>
            {
                options.Cookie.Name = ConsoleAuth.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = ConsoleAuth.SignInPath;
                options.LogoutPath = ConsoleAuth.SignOutPath;
                options.EventsType = typeof(ConsoleCookieEvents);
            });
        builder.Services.AddAuthorizationBuilder().AddPolicy(ConsoleAuth.Policy, policy =>
            policy.AddAuthenticationSchemes(ConsoleAuth.Scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Sign-out is a POST with the antiforgery token (a link could be forged from another site).</summary>
    public static IEndpointRouteBuilder MapConsoleSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost(ConsoleAuth.SignOutPath, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await context.SignOutAsync(ConsoleAuth.Scheme);
            return Results.LocalRedirect(ConsoleAuth.SignInPath);
        }).ExcludeFromDescription();
        return app;
    }
}
