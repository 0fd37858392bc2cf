using System.Security.Claims;
using ControlPlane.Auth;

namespace ControlPlane.AdminConsole.Auth;

/// <summary>The console's signed-in user: the key's <see cref="Caller"/> claims plus the key itself.</summary>
internal static class ConsolePrincipal
{
    public static ClaimsPrincipal Create(Caller caller, string key) =>
        new(new ClaimsIdentity(caller.ToClaims().Append(new Claim(ConsoleAuth.KeyClaim, key)), ConsoleAuth.Scheme));

    public static string? Key(ClaimsPrincipal user) => user.FindFirstValue(ConsoleAuth.KeyClaim);
}
