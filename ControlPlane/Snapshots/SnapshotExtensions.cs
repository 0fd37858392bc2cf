namespace ControlPlane.Snapshots;

internal static class SnapshotExtensions
{
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddSnapshots(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(RedisConnectionName);
        builder.Services.AddSingleton<SnapshotPublisher>();
        builder.Services.AddHostedService<SnapshotRepublisher>();
        return builder;
    }
}
