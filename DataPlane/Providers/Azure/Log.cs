namespace DataPlane.Providers.Azure;

/// <summary>The Azure OpenAI adapter's log lines (never a secret or a token).</summary>
internal static partial class Log
{
    [LoggerMessage(1910, LogLevel.Warning, "Microsoft Entra ID token request for provider '{Slug}' failed: {Reason}")]
    public static partial void EntraTokenFailed(ILogger logger, string slug, string reason);

    [LoggerMessage(1911, LogLevel.Debug, "Microsoft Entra ID token fetched for provider '{Slug}', valid {Seconds} s")]
    public static partial void EntraTokenFetched(ILogger logger, string slug, int seconds);
}
