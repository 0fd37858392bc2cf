using LogIngestor.Rollups;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LogIngestor.Retention;

/// <summary>
/// One pass of retention: creates the coming week's partitions, drops whole daily partitions older than the
/// retention, deletes old rollup rows (minute, hour and day). Idempotent; replicas may sweep at the same time.
/// </summary>
internal sealed class RetentionSweeper(
    NpgsqlDataSource dataSource,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionSweeper> logger)
{
    private const string EnsureSql = "SELECT ensure_request_log_partitions($1, $2)";

    private const string ExpiredPartitionsSql = """
        SELECT c.relname::text
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'request_logs'::regclass
          AND c.relname ~ '^request_logs_p[0-9]{8}$'
          AND to_date(substr(c.relname, 15), 'YYYYMMDD') < $1
        ORDER BY 1
        """;

    private const string DeleteRollupsSql = "DELETE FROM request_rollups WHERE granularity = $1 AND bucket < $2";

    /// <summary>Dropping a partition locks request_logs: give up after this rather than stall the writers; the next sweep retries.</summary>
    private const string LockTimeout = "10s";

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var settings = options.Value;

        await using (var ensure = dataSource.CreateCommand(EnsureSql))
        {
            ensure.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = today.AddDays(-1) });
            ensure.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = today.AddDays(7) });
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        var dropped = settings.RetentionDays == 0
            ? []
            : await DropPartitionsBeforeAsync(today.AddDays(-settings.RetentionDays), cancellationToken);
        var minutes = await DeleteRollupsAsync(RollupBuilder.Minute, settings.MinuteRollupDays, now, cancellationToken);
        var hours = await DeleteRollupsAsync(RollupBuilder.Hour, settings.HourRollupDays, now, cancellationToken);
        var days = await DeleteRollupsAsync(RollupBuilder.Day, settings.DayRollupDays, now, cancellationToken);
        var result = new SweepResult(dropped, minutes, hours, days);
        logger.RetentionSwept(dropped.Count, minutes, hours, days);
        return result;
    }

    private async Task<List<string>> DropPartitionsBeforeAsync(DateOnly firstKeptDay, CancellationToken cancellationToken)
    {
        var expired = new List<string>();
        await using (var list = dataSource.CreateCommand(ExpiredPartitionsSql))
        {
            list.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = firstKeptDay });
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                expired.Add(reader.GetString(0));
            }
        }

        var dropped = new List<string>(expired.Count);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var partition in expired)
        {
            // One transaction per partition: each holds request_logs' lock only briefly.
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var limit = new NpgsqlCommand($"SET LOCAL lock_timeout = '{LockTimeout}'", connection, transaction))
                {
                    await limit.ExecuteNonQueryAsync(cancellationToken);
                }

                // The name matched ^request_logs_p[0-9]{8}$: safe to splice, quoted anyway.
                await using (var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{partition}\"", connection, transaction))
                {
                    await drop.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                dropped.Add(partition);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                logger.PartitionDropDeferred(partition);
            }
        }

        return dropped;
    }

    private async Task<long> DeleteRollupsAsync(short granularity, int? keepDays, DateTime now, CancellationToken cancellationToken)
    {
        if (keepDays is not { } days)
        {
            return 0;
        }

        // A row goes only once its whole bucket is past the cutoff: a day row outlives the last hour row of its day.
        var cutoff = now.AddDays(-days);
        var width = TimeSpan.FromMinutes(granularity).Ticks;
        var firstKept = new DateTime(cutoff.Ticks - (cutoff.Ticks % width), DateTimeKind.Utc);
        await using var delete = dataSource.CreateCommand(DeleteRollupsSql);
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Smallint, Value = granularity });
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = firstKept });
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
