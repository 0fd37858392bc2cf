namespace DataPlane.Snapshots;

internal static class SnapshotExtensions
{
    public const string HealthCheckName = "snapshot";

    public static IHostApplicationBuilder AddSnapshots(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(
            "redis",
            // Readiness is the snapshot, not Redis: a data plane serves its last snapshot through a Redis outage.
            settings => settings.DisableHealthChecks = true,
            options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectRetry = 1;
            });

        builder.Services.AddSingleton<SnapshotStore>();
        builder.Services.AddSingleton<SnapshotLoader>();
        builder.Services.AddSingleton<SnapshotDiskCache>();
        builder.Services.AddHostedService<SnapshotSyncService>();
        builder.Services.AddHealthChecks().AddCheck<SnapshotHealthCheck>(HealthCheckName);
        return builder;
    }
}
