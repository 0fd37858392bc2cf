using Microsoft.EntityFrameworkCore;

namespace LogIngestor.Schema;

/// <summary>
/// Applies the analytics migrations under a session advisory lock, so replicas starting together
/// take turns (EF's own lock on the history table would also hold; this one covers the partition
/// top-up too), then keeps a week of daily partitions ahead.
/// </summary>
internal sealed class SchemaMigrator(AnalyticsDbContext db)
{
    /// <summary>Arbitrary, fixed: "LogIngestor schema". Only LogIngestor takes it.</summary>
    internal const long MigrationLockKey = 0x4C6F_6749_6E67_5343;

    /// <summary>Returns how many migrations were applied (0 when already up to date).</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
                await db.Database.MigrateAsync(cancellationToken);
                // Every start, not only the first: a service that was down for days finds its week ahead.
                await db.Database.ExecuteSqlRawAsync(
                    "SELECT ensure_request_log_partitions((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 7)",
                    cancellationToken);
                return pending;
            }
            finally
            {
                // Not cancellable: the lock must go even when start-up is being cancelled.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
