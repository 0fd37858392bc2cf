using ControlPlane.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ControlPlane.AdminConsole.Auth;

/// <summary>
/// Checks the cookie's key on every request, as the API checks a header: a revoked or expired key signs the console
/// out at once, and changed scopes take effect on the next page.
/// </summary>
internal sealed class ConsoleCookieEvents(ApiKeyAuthenticator authenticator) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var key = context.Principal is { } user ? ConsolePrincipal.Key(user) : null;
        var caller = key is null ? null : await authenticator.AuthenticateAsync(key, context.HttpContext.RequestAborted);
        if (caller is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleAuth.Scheme);
            return;
        }

        context.ReplacePrincipal(ConsolePrincipal.Create(caller, key!));
    }
}
