using AppHost.Infrastructure;

namespace AppHost;

internal static class ResourceBuilderExtensions
{
    /// <summary>Injects the connection string and starts only once the server behind it is ready.</summary>
    public static IResourceBuilder<ProjectResource> WithDependency(
        this IResourceBuilder<ProjectResource> project, Dependency dependency) =>
        project.WithReference(dependency.ConnectionString).WaitFor(dependency.ReadyWhen);

    /// <summary>
    /// The service binds the port itself (no proxy in between), so clients get a stable Base URL
    /// and nothing sits between them and the data plane.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithFixedHttpPort(
        this IResourceBuilder<ProjectResource> project, int port, string host) =>
        project
            .WithHttpEndpoint(port: port, name: "http", isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = host)
            .WithHttpHealthCheck("/health");
}
