using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ControlPlane.Startup;

/// <summary>Keeps <c>/health</c> unhealthy until <see cref="CatalogInitializer"/> has finished.</summary>
internal sealed class CatalogReadinessCheck(StartupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady
            ? HealthCheckResult.Healthy("Catalog initialised.")
            : HealthCheckResult.Unhealthy("Catalog initialisation has not finished."));
}
