namespace AppHost.Infrastructure;

/// <summary>A connection string a service needs, and the resource whose readiness it waits for.</summary>
internal sealed record Dependency(
    IResourceBuilder<IResourceWithConnectionString> ConnectionString,
    IResourceBuilder<IResource> ReadyWhen);
