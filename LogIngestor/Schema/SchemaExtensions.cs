using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LogIngestor.Schema;

internal static class SchemaExtensions
{
    public const string ConnectionName = "analyticsdb";
    private const string ReadyTag = "ready";

    /// <summary>The <c>analyticsdb</c> data source and the migrations that create its tables at start-up.</summary>
    public static IHostApplicationBuilder AddAnalyticsSchema(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(ConnectionName);
        builder.Services.AddDbContext<AnalyticsDbContext>((services, options) =>
            AnalyticsDbContext.Configure(options, services.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddScoped<SchemaMigrator>();
        builder.Services.AddSingleton<SchemaReadiness>();
        builder.Services.AddHostedService<SchemaMigrationService>();
        builder.Services.AddHealthChecks().AddCheck<SchemaHealthCheck>("analytics-schema", tags: [ReadyTag]);
        return builder;
    }
}
