using Contracts.Usage;
using TestKit.Postgres;

namespace LogIngestor.Tests;

public sealed class SpendTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static DateTimeOffset HourStart(int hoursAgo)
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(-hoursAgo);
    }

    [Theory]
    [InlineData(0)] // a period starting on the hour: hour rollups only
    [InlineData(20)] // starting mid-hour: that hour's later minutes come from the minute rollups
    public async Task SpendSince_SumsExactlyTheEventsAtOrAfterTheStartPerWorkspaceKeyAndProvider(int startMinute)
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var hour = HourStart(5);
        var from = hour.AddMinutes(startMinute);
        var events = SeededEvents.Create(800, hour.AddHours(-2), TimeSpan.FromHours(6), seed: 7);
        // Right at the edges: a minute before and the first instant of the period.
        events.Add(TestEvents.Valid(from.AddMinutes(-1)));
        events.Add(TestEvents.Valid(from));
        foreach (var batch in events.Chunk(200))
        {
            await db.CreateWriter().WriteAsync(batch, Cancellation);
        }

        var expected = events
            .Where(e => e.Timestamp >= from)
            .GroupBy(e => (e.WorkspaceId, e.ApiKeyId, e.Provider))
            .Select(g => $"{g.Key.WorkspaceId}|{g.Key.ApiKeyId}|{g.Key.Provider}|{g.Count()}|{g.Sum(e => (long)e.PromptTokens)}|" +
                         $"{g.Sum(e => (long)e.CompletionTokens)}|{g.Sum(e => (long)e.CachedTokens)}|{g.Sum(e => e.CostUsd):0.0000000000}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var actual = await db.StringsAsync(
            "SELECT concat_ws('|', coalesce(workspace_id::text, ''), coalesce(api_key_id::text, ''), coalesce(provider, ''), requests, " +
            "prompt_tokens, completion_tokens, cached_tokens, to_char(cost_usd, 'FM999999990.0000000000')) FROM spend_since($1)",
            from);

        Assert.True(expected.Count > 5);
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SpendSince_InASessionWithAHalfHourTimeZone_StillUsesUtcHours()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var hour = HourStart(3);
        UsageEvent[] events =
        [
            TestEvents.Valid(hour.AddMinutes(10)) with { CostUsd = 1m },
            TestEvents.Valid(hour.AddMinutes(40)) with { CostUsd = 2m },
            TestEvents.Valid(hour.AddMinutes(70)) with { CostUsd = 4m },
        ];
        await db.CreateWriter().WriteAsync(events, Cancellation);
        await using var connection = await db.DataSource.OpenConnectionAsync(Cancellation);
        await using (var zone = new Npgsql.NpgsqlCommand("SET TIME ZONE 'Asia/Kolkata'", connection))
        {
            await zone.ExecuteNonQueryAsync(Cancellation);
        }

        await using var spend = new Npgsql.NpgsqlCommand("SELECT sum(cost_usd) FROM spend_since($1)", connection);
        spend.Parameters.Add(new Npgsql.NpgsqlParameter { Value = hour.AddMinutes(30) });

        Assert.Equal(6m, (decimal)(await spend.ExecuteScalarAsync(Cancellation))!);
    }
}
