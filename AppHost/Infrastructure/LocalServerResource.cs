namespace AppHost.Infrastructure;

/// <summary>A server run as a local process that, like its container twin, exposes a connection string.</summary>
internal sealed class LocalServerResource(string name, string command, string workingDirectory, string connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = ReferenceExpression.Create($"{connectionString}");
}
