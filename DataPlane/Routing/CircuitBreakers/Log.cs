namespace DataPlane.Routing.CircuitBreakers;

/// <summary>The circuit breakers' log lines: once per Redis outage, not once per request.</summary>
internal static partial class Log
{
    [LoggerMessage(1301, LogLevel.Warning, "Redis unavailable for circuit breakers ({ErrorType}: {Reason}); every breaker counts as closed until it is back")]
    public static partial void BreakerRedisUnavailable(ILogger logger, string errorType, string reason);

    [LoggerMessage(1302, LogLevel.Information, "Redis reachable again for circuit breakers")]
    public static partial void BreakerRedisRecovered(ILogger logger);
}
