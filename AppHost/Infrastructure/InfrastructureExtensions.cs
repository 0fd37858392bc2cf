namespace AppHost.Infrastructure;

internal static class InfrastructureExtensions
{
    public static GatewayInfrastructure AddGatewayInfrastructure(
        this IDistributedApplicationBuilder builder, GatewaySettings settings) =>
        settings.Infra switch
        {
            InfraMode.Containers => AddContainers(builder),
            _ when OperatingSystem.IsLinux() => LocalInfrastructure.Add(builder),
            _ => throw new PlatformNotSupportedException("Local servers need Linux (Debian's packages); start a container runtime."),
        };

    private static GatewayInfrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres");
        var catalogDb = postgres.AddDatabase("catalogdb");
        var analyticsDb = postgres.AddDatabase("analyticsdb");
        var redis = builder.AddRedis("redis");
        var rabbitMq = builder.AddRabbitMQ("rabbitmq");
        return new(
            Same(builder, catalogDb.Resource),
            Same(builder, analyticsDb.Resource),
            Same(builder, redis.Resource),
            Same(builder, rabbitMq.Resource));
    }

    // Container resources report their own readiness, so each waits on itself.
    private static Dependency Same(IDistributedApplicationBuilder builder, IResourceWithConnectionString resource) =>
        new(builder.CreateResourceBuilder(resource), builder.CreateResourceBuilder<IResource>(resource));
}
