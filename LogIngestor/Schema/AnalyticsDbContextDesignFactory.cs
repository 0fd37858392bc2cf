using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace LogIngestor.Schema;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the service.</summary>
internal sealed class AnalyticsDbContextDesignFactory : IDesignTimeDbContextFactory<AnalyticsDbContext>
{
    public AnalyticsDbContext CreateDbContext(string[] args)
    {
        // Never connected to: adding a migration only needs the provider.
        var dataSource = NpgsqlDataSource.Create("Host=localhost;Database=analyticsdb");
        return new AnalyticsDbContext(AnalyticsDbContext.CreateOptions(dataSource));
    }
}
