using Npgsql;
using TestKit.Postgres;

namespace LogIngestor.Tests;

public sealed class SchemaMigrationTests(PostgresServer server)
{
    /// <summary>InitialSchema, AttemptsAndRollups, Guardrails.</summary>
    private const int MigrationCount = 3;

    private static string PartitionName(DateOnly day) => $"request_logs_p{day:yyyyMMdd}";

    private static DateOnly UtcToday() => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Migrate_OnEmptyDatabase_CreatesPartitionedTableIndexesAndFunction()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server, migrate: false);

        var applied = await db.MigrateAsync();

        Assert.Equal(MigrationCount, applied);
        Assert.Equal("r", await db.ScalarAsync<string>(
            "SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = 'request_logs'::regclass"));
        var indexes = await db.StringsAsync(
            "SELECT indexname::text FROM pg_indexes WHERE tablename = 'request_logs' ORDER BY indexname");
        Assert.Equal(
            ["ix_request_logs_created_at", "ix_request_logs_guardrails", "ix_request_logs_metadata", "ix_request_logs_workspace", "request_logs_pkey"],
            indexes);
        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_proc WHERE proname = 'ensure_request_log_partitions'"));
        Assert.Equal((long)MigrationCount, await db.ScalarAsync<long>("SELECT count(*) FROM __log_ingestor_migrations"));
    }

    [Fact]
    public async Task Migrate_CreatesTheAttemptsColumnAndTheRollupTableAsTheSharedSchemaSays()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);

        Assert.Equal("jsonb|NO|'[]'::jsonb", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', data_type, is_nullable, column_default) FROM information_schema.columns " +
            "WHERE table_name = 'request_logs' AND column_name = 'attempts'"));
        var columns = await db.StringsAsync(
            "SELECT concat_ws(' ', column_name, data_type, is_nullable) FROM information_schema.columns " +
            "WHERE table_name = 'request_rollups' ORDER BY ordinal_position");
        Assert.Equal(
        [
            "granularity smallint NO", "bucket timestamp with time zone NO", "workspace_id uuid YES", "api_key_id uuid YES",
            "provider text YES", "model text YES", "requests bigint NO", "errors bigint NO", "cache_hits bigint NO",
            "cache_lookups bigint NO", "prompt_tokens bigint NO", "completion_tokens bigint NO", "cached_tokens bigint NO",
            "cost_usd numeric NO", "latency_ms_sum bigint NO", "latency_histogram ARRAY NO",
        ], columns);
        Assert.Equal("UNIQUE NULLS NOT DISTINCT (granularity, bucket, workspace_id, api_key_id, provider, model)", await db.ScalarAsync<string>(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'uq_request_rollups'"));
        Assert.Equal("CREATE INDEX ix_request_rollups_bucket ON public.request_rollups USING btree (granularity, bucket)", await db.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_request_rollups_bucket'"));
    }

    [Fact]
    public async Task Migrate_CreatesTheGuardrailsColumn_AnEmptyArrayByDefault_AndItsGinIndex()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);

        Assert.Equal("jsonb|NO|'[]'::jsonb", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', data_type, is_nullable, column_default) FROM information_schema.columns " +
            "WHERE table_name = 'request_logs' AND column_name = 'guardrails'"));
        Assert.Equal("CREATE INDEX ix_request_logs_guardrails ON ONLY public.request_logs USING gin (guardrails jsonb_path_ops)", await db.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_request_logs_guardrails'"));
    }

    [Fact]
    public async Task Migrate_CreatesDailyPartitionsFromYesterdayToAWeekAhead()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);

        var partitions = await db.StringsAsync(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'request_logs'::regclass ORDER BY 1");

        // Around midnight UTC the test and the database may disagree on "today" by one day.
        var today = UtcToday();
        for (var offset = 0; offset <= 7; offset++)
        {
            Assert.Contains(PartitionName(today.AddDays(offset)), partitions);
        }

        Assert.InRange(partitions.Count, 9, 10);
    }

    [Fact]
    public async Task Migrate_WhenAlreadyMigrated_AppliesNothingAndKeepsOneHistoryRow()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);

        var applied = await db.MigrateAsync();

        Assert.Equal(0, applied);
        Assert.Equal((long)MigrationCount, await db.ScalarAsync<long>("SELECT count(*) FROM __log_ingestor_migrations"));
    }

    [Fact]
    public async Task Migrate_FromFourReplicasAtOnce_AllSucceedAndSchemaIsCreatedOnce()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server, migrate: false);

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(db.MigrateAsync)));

        Assert.Equal(MigrationCount, applied.Sum());
        Assert.Equal((long)MigrationCount, await db.ScalarAsync<long>("SELECT count(*) FROM __log_ingestor_migrations"));
    }

    [Fact]
    public async Task EnsurePartitions_CalledConcurrently_CreatesEachDayOnceWithoutErrors()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var from = UtcToday().AddDays(-40);
        var to = from.AddDays(4);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var command = db.DataSource.CreateCommand("SELECT ensure_request_log_partitions($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = from });
            command.Parameters.Add(new NpgsqlParameter { Value = to });
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        })));

        var partitions = await db.StringsAsync(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'request_logs'::regclass AND inhrelid::regclass::text <= $1 ORDER BY 1",
            PartitionName(to));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => PartitionName(from.AddDays(i))), partitions);
    }

    [Fact]
    public async Task EnsurePartitions_InAnyTimeZone_BoundsAreUtcDays()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var day = UtcToday().AddDays(-20);
        await using (var connection = await db.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await using (var zone = new NpgsqlCommand("SET TIME ZONE 'Asia/Kolkata'", connection))
            {
                await zone.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            await using var command = new NpgsqlCommand("SELECT ensure_request_log_partitions($1, $1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = day });
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        const string Bound = "SELECT substring(pg_get_expr(c.relpartbound, c.oid) from '{0} \\(''([^'']+)''\\)')::timestamptz FROM pg_class c WHERE c.relname = $1";
        var lower = await db.ScalarAsync<DateTime>(string.Format(System.Globalization.CultureInfo.InvariantCulture, Bound, "FROM"), PartitionName(day));
        var upper = await db.ScalarAsync<DateTime>(string.Format(System.Globalization.CultureInfo.InvariantCulture, Bound, "TO"), PartitionName(day));

        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Assert.Equal(start, lower);
        Assert.Equal(start.AddDays(1), upper);
    }
}
