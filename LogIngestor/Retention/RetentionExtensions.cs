using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LogIngestor.Retention;

internal static class RetentionExtensions
{
    /// <summary>Daily retention of request logs (whole partitions) and rollups, and partitions a week ahead (section <c>Ingestion</c>).</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RetentionSweeper>();
        builder.Services.AddHostedService<RetentionService>();
        return builder;
    }
}
