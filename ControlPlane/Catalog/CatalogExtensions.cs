using Microsoft.EntityFrameworkCore;
using ControlPlane.Startup;

namespace ControlPlane.Catalog;

internal static class CatalogExtensions
{
    public const string ConnectionName = "catalogdb";

    /// <summary>The catalog database, and the start-up work that must finish before the service is ready.</summary>
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<CatalogDbContext>(ConnectionName,
            configureDbContextOptions: options => options.UseSnakeCaseNamingConvention());
        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddHostedService<CatalogInitializer>();
        builder.Services.AddHealthChecks().AddCheck<CatalogReadinessCheck>("catalog-initialised");
        return builder;
    }
}
