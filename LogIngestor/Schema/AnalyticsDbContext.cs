using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LogIngestor.Schema;

/// <summary>
/// Holds no entities: it exists so EF Core migrations version the analytics schema (plain SQL in each
/// migration's Up). Reads and writes go through Npgsql directly (binary COPY).
/// </summary>
internal sealed class AnalyticsDbContext(DbContextOptions<AnalyticsDbContext> options) : DbContext(options)
{
    /// <summary>Our own history table, so the catalog's migrations can never be mistaken for ours.</summary>
    public const string MigrationsHistoryTable = "__log_ingestor_migrations";

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable));

    public static DbContextOptions<AnalyticsDbContext> CreateOptions(NpgsqlDataSource dataSource) =>
        ((DbContextOptionsBuilder<AnalyticsDbContext>)Configure(new DbContextOptionsBuilder<AnalyticsDbContext>(), dataSource)).Options;
}
