namespace AppHost.Infrastructure;

/// <summary>A database inside a local PostgreSQL server; ready when its server is.</summary>
internal sealed class LocalDatabaseResource(string name, string databaseName, LocalServerResource server)
    : Resource(name), IResourceWithParent<LocalServerResource>, IResourceWithConnectionString
{
    public LocalServerResource Parent => server;

    public ReferenceExpression ConnectionStringExpression { get; } =
        ReferenceExpression.Create($"{server.ConnectionStringExpression};Database={databaseName}");
}
