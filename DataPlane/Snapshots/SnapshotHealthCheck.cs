using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataPlane.Snapshots;

/// <summary>Ready once any snapshot (disk or Redis) is loaded: from then on requests can be served.</summary>
internal sealed class SnapshotHealthCheck(SnapshotStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Current is { } snapshot
            ? HealthCheckResult.Healthy($"snapshot version {snapshot.Version}")
            : HealthCheckResult.Unhealthy("no snapshot loaded yet"));
}
