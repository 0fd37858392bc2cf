namespace ControlPlane.Logs;

internal static class LogsExtensions
{
    /// <summary>Read access to the analytics database that LogIngestor owns (no migrations here).</summary>
    public static IHostApplicationBuilder AddRequestLogs(this IHostApplicationBuilder builder)
    {
        builder.AddKeyedNpgsqlDataSource(RequestLogReader.ConnectionName);
        builder.Services.AddSingleton<RequestLogReader>();
        return builder;
    }
}
