extern alias logingestor;
using logingestor::LogIngestor.Schema;
using Npgsql;

namespace ControlPlane.Tests.Governance;

/// <summary>Migrates an analytics database with LogIngestor's own migrator, as the service does at start-up.</summary>
internal static class AnalyticsSchema
{
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var context = new AnalyticsDbContext(AnalyticsDbContext.CreateOptions(dataSource));
        await new SchemaMigrator(context).MigrateAsync(cancellationToken);
    }
}
