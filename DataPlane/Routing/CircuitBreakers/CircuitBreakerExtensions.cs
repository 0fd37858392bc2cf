using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataPlane.Routing.CircuitBreakers;

internal static class CircuitBreakerExtensions
{
    /// <summary>
    /// Registers <see cref="CircuitBreakerStore"/>. It uses the <c>IConnectionMultiplexer</c> that <c>AddSnapshots()</c> registers,
    /// and <see cref="TimeProvider"/> (the system clock unless one is registered already).
    /// </summary>
    public static IHostApplicationBuilder AddCircuitBreakers(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CircuitBreakerStore>();
        return builder;
    }
}
