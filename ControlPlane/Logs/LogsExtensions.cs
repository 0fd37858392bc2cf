using ControlPlane.Analytics;

namespace ControlPlane.Logs;

internal static class LogsExtensions
{
    /// <summary>Read access to the analytics database that LogIngestor owns (no migrations here): logs and analytics.</summary>
    public static IHostApplicationBuilder AddRequestLogs(this IHostApplicationBuilder builder)
    {
        builder.AddKeyedNpgsqlDataSource(RequestLogReader.ConnectionName);
        builder.Services.AddSingleton<RequestLogReader>();
        builder.Services.AddSingleton<AnalyticsReader>();
        return builder;
    }
}
