namespace ControlPlane.AdminConsole.Auth;

/// <summary>Names of the console's sign-in: a cookie scheme beside the admin API's key scheme.</summary>
internal static class ConsoleAuth
{
    public const string Scheme = "Console";

    /// <summary>The default scheme: <c>/v1</c> goes to the API key scheme, every other path to the cookie.</summary>
    public const string SelectorScheme = "ApiKeyOrConsole";

    public const string Policy = "console";

    /// <summary>The signed-in API key, kept in the encrypted, HttpOnly cookie so the console can call the API as it.</summary>
    public const string KeyClaim = "console_key";

    public const string CookieName = "pk_console";

    public const string SignInPath = "/sign-in";

    public const string SignOutPath = "/sign-out";
}
