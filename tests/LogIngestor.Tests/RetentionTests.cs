using LogIngestor.Retention;
using LogIngestor.Rollups;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TestKit.Postgres;

namespace LogIngestor.Tests;

public sealed class RetentionTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static DateOnly UtcToday() => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string PartitionName(DateOnly day) => $"request_logs_p{day:yyyyMMdd}";

    private static RetentionSweeper Sweeper(AnalyticsDatabase db, RetentionOptions options) =>
        new(db.DataSource, Options.Create(options), TimeProvider.System, NullLogger<RetentionSweeper>.Instance);

    private static async Task<List<string>> PartitionsAsync(AnalyticsDatabase db) =>
        await db.StringsAsync("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'request_logs'::regclass ORDER BY 1");

    private static async Task EnsureAsync(AnalyticsDatabase db, DateOnly from, DateOnly to)
    {
        await using var command = db.DataSource.CreateCommand("SELECT ensure_request_log_partitions($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private static async Task InsertRollupAsync(AnalyticsDatabase db, short granularity, DateTime bucket)
    {
        await using var command = db.DataSource.CreateCommand(
            "INSERT INTO request_rollups VALUES ($1, $2, NULL, NULL, NULL, NULL, 1, 0, 0, 0, 0, 0, 0, 0, 0, '{1}')");
        command.Parameters.Add(new NpgsqlParameter { Value = granularity });
        command.Parameters.Add(new NpgsqlParameter { Value = bucket });
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    [Fact]
    public async Task Sweep_DropsWholeDailyPartitionsOlderThanRetentionAndKeepsTheRestWithTheirRows()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var today = UtcToday();
        var old = TestEvents.Valid(new DateTimeOffset(today.AddDays(-31).ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero));
        var kept = TestEvents.Valid(new DateTimeOffset(today.AddDays(-30).ToDateTime(new TimeOnly(0, 1)), TimeSpan.Zero));
        await EnsureAsync(db, today.AddDays(-45), today.AddDays(-2));
        await db.CreateWriter().WriteAsync([old, kept, TestEvents.Valid()], Cancellation);

        var result = await Sweeper(db, new RetentionOptions { RetentionDays = 30 }).SweepAsync(Cancellation);

        Assert.Equal(Enumerable.Range(31, 15).Select(days => PartitionName(today.AddDays(-days))).Order(StringComparer.Ordinal), result.DroppedPartitions);
        var partitions = await PartitionsAsync(db);
        Assert.Equal(Enumerable.Range(-30, 38).Select(offset => PartitionName(today.AddDays(offset))), partitions);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs WHERE id = $1", old.EventId));
    }

    [Fact]
    public async Task Sweep_WithRetentionZero_KeepsEveryPartitionAndRollup()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var today = UtcToday();
        await EnsureAsync(db, today.AddDays(-400), today.AddDays(-398));
        await InsertRollupAsync(db, RollupBuilder.Hour, DateTime.UtcNow.AddDays(-500));
        var before = await PartitionsAsync(db);

        var result = await Sweeper(db, new RetentionOptions { RetentionDays = 0, MinuteRollupRetentionDays = 0 }).SweepAsync(Cancellation);

        Assert.Empty(result.DroppedPartitions);
        Assert.Equal(before, await PartitionsAsync(db));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM request_rollups"));
    }

    [Fact]
    public async Task Sweep_DeletesMinuteRollupsAfterAWeekAndHourRollupsAfterTheRetentionButNotBeforeAMonth()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var now = DateTime.UtcNow;
        await InsertRollupAsync(db, RollupBuilder.Minute, now.AddDays(-8));
        await InsertRollupAsync(db, RollupBuilder.Minute, now.AddDays(-6));
        await InsertRollupAsync(db, RollupBuilder.Hour, now.AddDays(-33));
        await InsertRollupAsync(db, RollupBuilder.Hour, now.AddDays(-31));

        // Ten days of logs: hour rollups are still kept 32 days, for a calendar month's budget.
        var result = await Sweeper(db, new RetentionOptions { RetentionDays = 10 }).SweepAsync(Cancellation);

        Assert.Equal(1, result.MinuteRollupsDeleted);
        Assert.Equal(1, result.HourRollupsDeleted);
        var left = await db.StringsAsync("SELECT granularity || ':' || round(extract(epoch FROM now() - bucket) / 86400) FROM request_rollups ORDER BY 1");
        Assert.Equal(["1:6", "60:31"], left);
    }

    [Fact]
    public async Task Sweep_KeepsDayRollupsUntilTheLastHourOfTheirDayIsPastTheHourRollupCutoff()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var now = DateTime.UtcNow;
        // Hour rollups are kept 32 days here; the day holding the cutoff still has hour rows, so its day row stays.
        var cutoffDay = now.AddDays(-32).Date;
        await InsertRollupAsync(db, RollupBuilder.Day, cutoffDay.AddDays(-1));
        await InsertRollupAsync(db, RollupBuilder.Day, cutoffDay);
        await InsertRollupAsync(db, RollupBuilder.Day, now.Date);
        await InsertRollupAsync(db, RollupBuilder.Hour, now.AddDays(-32).AddHours(1));

        var result = await Sweeper(db, new RetentionOptions { RetentionDays = 10 }).SweepAsync(Cancellation);

        Assert.Equal(1, result.DayRollupsDeleted);
        Assert.Equal(0, result.HourRollupsDeleted);
        var days = await db.StringsAsync("SELECT to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM request_rollups WHERE granularity = 1440 ORDER BY 1");
        Assert.Equal(new[] { $"{cutoffDay:yyyy-MM-dd}", $"{now.Date:yyyy-MM-dd}" }, days);
    }

    [Fact]
    public async Task Sweep_WithALongerDayRollupRetention_KeepsDayRowsPastTheHourRows()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var now = DateTime.UtcNow;
        await InsertRollupAsync(db, RollupBuilder.Hour, now.AddDays(-100));
        await InsertRollupAsync(db, RollupBuilder.Day, now.Date.AddDays(-100));
        await InsertRollupAsync(db, RollupBuilder.Day, now.Date.AddDays(-367));

        var result = await Sweeper(db, new RetentionOptions { RetentionDays = 30, DayRollupRetentionDays = 365 }).SweepAsync(Cancellation);

        Assert.Equal((1L, 1L), (result.HourRollupsDeleted, result.DayRollupsDeleted));
        var left = await db.StringsAsync("SELECT granularity || ':' || to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM request_rollups");
        Assert.Equal([$"1440:{now.Date.AddDays(-100):yyyy-MM-dd}"], left);
    }

    [Fact]
    public async Task Sweep_CreatesPartitionsAWeekAhead()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var today = UtcToday();
        await using (var drop = db.DataSource.CreateCommand($"DROP TABLE {PartitionName(today.AddDays(7))}, {PartitionName(today.AddDays(6))}"))
        {
            await drop.ExecuteNonQueryAsync(Cancellation);
        }

        await Sweeper(db, new RetentionOptions()).SweepAsync(Cancellation);

        var partitions = await PartitionsAsync(db);
        Assert.Contains(PartitionName(today.AddDays(6)), partitions);
        Assert.Contains(PartitionName(today.AddDays(7)), partitions);
    }

    [Fact]
    public async Task Write_AfterItsRememberedPartitionWasDropped_RecreatesItOnTheRetry()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var day = UtcToday().AddDays(-40);
        var writer = db.CreateWriter();
        await writer.WriteAsync([TestEvents.Valid(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero))], Cancellation);
        await Sweeper(db, new RetentionOptions { RetentionDays = 30 }).SweepAsync(Cancellation);
        var late = TestEvents.Valid(new DateTimeOffset(day.ToDateTime(new TimeOnly(13, 0)), TimeSpan.Zero));

        // The first try fails (the writer believed the partition existed); the endpoint's retry then succeeds.
        await Assert.ThrowsAsync<PostgresException>(() => writer.WriteAsync([late], Cancellation));
        var retried = await writer.WriteAsync([late], Cancellation);

        Assert.Equal(1, retried.Written);
    }

    [Theory]
    [InlineData(30, 7, 32, 7)]
    [InlineData(90, 7, 90, 7)]
    [InlineData(3, 7, 32, 7)]
    [InlineData(30, 0, 32, 32)]
    public void Options_RollupRetentions_FollowTheLogRetentionWithTheirFloors(int retention, int minute, int expectedHours, int expectedMinutes)
    {
        var options = new RetentionOptions { RetentionDays = retention, MinuteRollupRetentionDays = minute };

        Assert.Equal(expectedHours, options.HourRollupDays);
        Assert.Equal(expectedMinutes, options.MinuteRollupDays);
        Assert.Equal(expectedHours, options.DayRollupDays);
    }

    [Theory]
    [InlineData(30, 365, 365)]
    [InlineData(90, 40, 90)]
    [InlineData(30, 10, 32)]
    public void Options_DayRollupRetention_IsNeverShorterThanTheHourRollups(int retention, int day, int expectedDays)
    {
        var options = new RetentionOptions { RetentionDays = retention, DayRollupRetentionDays = day };

        Assert.Equal(expectedDays, options.DayRollupDays);
    }

    [Fact]
    public void Options_RetentionZero_KeepsLogsAndHourRollupsForever()
    {
        var options = new RetentionOptions { RetentionDays = 0 };

        Assert.Null(options.HourRollupDays);
        Assert.Null(options.DayRollupDays);
        Assert.Equal(7, options.MinuteRollupDays);
    }
}
