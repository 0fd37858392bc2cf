using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogIngestor.Schema;

/// <summary>Keeps <c>/health</c> unhealthy until the analytics schema exists.</summary>
internal sealed class SchemaHealthCheck(SchemaReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("The analytics schema is migrated.")
            : HealthCheckResult.Unhealthy("The analytics schema is not migrated yet."));
}
