using ControlPlane.AdminConsole.Api;
using ControlPlane.AdminConsole.Auth;
using ControlPlane.AdminConsole.Components;
using Radzen;

namespace ControlPlane.AdminConsole;

internal static class AdminConsoleExtensions
{
    /// <summary>The admin console: Blazor pages served by the control plane, talking to its own admin API.</summary>
    public static WebApplicationBuilder AddAdminConsole(this WebApplicationBuilder builder)
    {
        // Package assets (Radzen's scripts and styles) are served from the build output in every environment.
        builder.WebHost.UseStaticWebAssets();
        builder.AddConsoleAuth();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddRadzenComponents();
        builder.Services.AddSingleton<SelfAddress>();
        builder.Services.AddScoped<ConsoleUser>();
        // A change is sent once, as the user clicked it: the standard resilience handler would repeat a POST after a 5xx.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt out.
        builder.Services.AddHttpClient<AdminApi>((services, client) => client.BaseAddress = services.GetRequiredService<SelfAddress>().Uri)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }

    public static WebApplication MapAdminConsole(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapConsoleSignOut();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
