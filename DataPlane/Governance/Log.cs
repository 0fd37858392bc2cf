namespace DataPlane.Governance;

/// <summary>The governance gate's log lines.</summary>
internal static partial class Log
{
    [LoggerMessage(1610, LogLevel.Error, "Settling a request's budget reservation or token count failed")]
    public static partial void SettlementFailed(ILogger logger, Exception exception);
}
