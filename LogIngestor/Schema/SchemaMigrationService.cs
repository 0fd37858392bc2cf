namespace LogIngestor.Schema;

/// <summary>
/// Migrates in <see cref="StartAsync"/>: hosted services start in order, so the bus (registered after)
/// consumes nothing before the table exists. While the database is unreachable it retries with backoff
/// and <c>/health</c> stays unhealthy.
/// </summary>
internal sealed class SchemaMigrationService(
    IServiceScopeFactory scopes,
    SchemaReadiness readiness,
    ILogger<SchemaMigrationService> logger) : IHostedService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var applied = await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
                readiness.MarkReady();
                logger.SchemaReady(applied);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt - 1), MaxDelay.TotalSeconds));
                logger.SchemaMigrationFailed(attempt, delay, ex);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
