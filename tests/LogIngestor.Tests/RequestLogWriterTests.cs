using System.Diagnostics.Metrics;
using System.Text.Json;
using Contracts.Usage;
using Npgsql;
using TestKit.Postgres;

namespace LogIngestor.Tests;

public sealed class RequestLogWriterTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_ValidEvent_StoresEveryFieldAsSent()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var sent = TestEvents.Valid() with { Timestamp = TestEvents.Now().ToOffset(TimeSpan.FromHours(2)) };

        var result = await db.CreateWriter().WriteAsync([sent], Cancellation);

        Assert.Equal(new(1, 0, 0), result);
        await using var command = db.DataSource.CreateCommand(
            "SELECT id, created_at, trace_id, workspace_id, api_key_id, provider, ai_provider, model, path, status, error_type, stream, " +
            "prompt_tokens, completion_tokens, cached_tokens, total_tokens, cost_usd, price_known, latency_ms, upstream_latency_ms, " +
            "ttft_ms, cache_status, retry_count, last_used_option_index, config_id, config_version, metadata::text FROM request_logs");
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        Assert.True(await reader.ReadAsync(Cancellation));
        Assert.Equal(sent.EventId, reader.GetGuid(0));
        Assert.Equal(sent.Timestamp.UtcDateTime, reader.GetDateTime(1));
        Assert.Equal(sent.TraceId, reader.GetString(2));
        Assert.Equal(sent.WorkspaceId, reader.GetGuid(3));
        Assert.Equal(sent.ApiKeyId, reader.GetGuid(4));
        Assert.Equal(sent.Provider, reader.GetString(5));
        Assert.Equal(sent.AiProvider, reader.GetString(6));
        Assert.Equal(sent.Model, reader.GetString(7));
        Assert.Equal(sent.Path, reader.GetString(8));
        Assert.Equal(sent.Status, reader.GetInt32(9));
        Assert.True(reader.IsDBNull(10));
        Assert.Equal(sent.Stream, reader.GetBoolean(11));
        Assert.Equal(sent.PromptTokens, reader.GetInt32(12));
        Assert.Equal(sent.CompletionTokens, reader.GetInt32(13));
        Assert.Equal(sent.CachedTokens, reader.GetInt32(14));
        Assert.Equal(sent.PromptTokens + sent.CompletionTokens, reader.GetInt32(15));
        Assert.Equal(sent.CostUsd, reader.GetDecimal(16));
        Assert.Equal(sent.PriceKnown, reader.GetBoolean(17));
        Assert.Equal(sent.LatencyMs, reader.GetInt32(18));
        Assert.Equal(sent.UpstreamLatencyMs, reader.GetInt32(19));
        Assert.Equal(sent.TtftMs, reader.GetInt32(20));
        Assert.Equal(sent.CacheStatus, reader.GetString(21));
        Assert.Equal(sent.RetryCount, reader.GetInt32(22));
        Assert.Equal(sent.LastUsedOptionIndex, reader.GetString(23));
        Assert.Equal(sent.ConfigId, reader.GetString(24));
        Assert.Equal(sent.ConfigVersion, reader.GetInt32(25));
        Assert.Equal(sent.Metadata, JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(26)));
        Assert.False(await reader.ReadAsync(Cancellation));
    }

    [Fact]
    public async Task Write_EventWithBodies_StoresThemAsSent_AndNoBodiesAsNull()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var logged = TestEvents.Valid() with { RequestBody = """{"model":"@mock/m"}""", ResponseBody = "data: {}\n\ndata: [DONE]\n\n" };
        var plain = TestEvents.Valid();

        await db.CreateWriter().WriteAsync([logged, plain], Cancellation);

        Assert.Equal(
            logged.RequestBody + "|" + logged.ResponseBody,
            await db.ScalarAsync<string>($"SELECT request_body || '|' || response_body FROM request_logs WHERE id = '{logged.EventId}'"));
        Assert.Equal(
            "null|null",
            await db.ScalarAsync<string>(
                $"SELECT coalesce(request_body, 'null') || '|' || coalesce(response_body, 'null') FROM request_logs WHERE id = '{plain.EventId}'"));
    }

    [Fact]
    public async Task Write_EventWithoutOptionalFields_StoresNullsAndEmptyMetadata()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var sent = new UsageEvent
        {
            EventId = Guid.NewGuid(),
            TraceId = "t-1",
            Timestamp = TestEvents.Now(),
            Path = "/v1/models",
            Status = 401,
            ErrorType = "authentication_error",
        };

        await db.CreateWriter().WriteAsync([sent], Cancellation);

        Assert.Equal(
            "null|null|null|authentication_error|null|DISABLED|{}|0|0",
            await db.ScalarAsync<string>(
                "SELECT concat_ws('|', coalesce(workspace_id::text, 'null'), coalesce(provider, 'null'), coalesce(model, 'null'), " +
                "error_type, coalesce(ttft_ms::text, 'null'), cache_status, metadata::text, total_tokens, cost_usd::int) FROM request_logs"));
    }

    [Fact]
    public async Task Write_SameBatchTwice_StoresEachEventOnceAndCountsDuplicates()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        UsageEvent[] batch = [TestEvents.Valid(), TestEvents.Valid(), TestEvents.Valid()];
        var writer = db.CreateWriter();

        var first = await writer.WriteAsync(batch, Cancellation);
        var second = await writer.WriteAsync(batch, Cancellation);

        Assert.Equal(new(3, 0, 0), first);
        Assert.Equal(new(0, 3, 0), second);
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs"));
    }

    [Fact]
    public async Task Write_SameBatchFromTwoReplicasAtOnce_StoresEachEventOnce()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var batch = Enumerable.Range(0, 200).Select(_ => TestEvents.Valid()).ToArray();

        var results = await Task.WhenAll(
            Task.Run(() => db.CreateWriter().WriteAsync(batch, Cancellation)),
            Task.Run(() => db.CreateWriter().WriteAsync(batch, Cancellation)));

        Assert.Equal(200, results.Sum(result => result.Written));
        Assert.Equal(200, results.Sum(result => result.Duplicates));
        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs"));
    }

    [Fact]
    public async Task Write_DuplicateEventInsideOneBatch_StoresItOnce()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var repeated = TestEvents.Valid();
        var other = TestEvents.Valid();

        var result = await db.CreateWriter().WriteAsync([repeated, other, repeated with { }], Cancellation);

        Assert.Equal(new(2, 1, 0), result);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs WHERE id = $1", repeated.EventId));
    }

    [Fact]
    public async Task Write_EventsOnTwoEarlierDays_LandInTheirOwnDailyPartitionsCreatedOnDemand()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Days the start-up migration did not create (it keeps yesterday to a week ahead), at both edges of a UTC day.
        var dayA = today.AddDays(-5);
        var dayB = today.AddDays(-3);
        var early = TestEvents.Valid(new DateTimeOffset(dayA.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var late = TestEvents.Valid(new DateTimeOffset(dayB.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero).AddTicks(9_999_990));
        // 01:30 at UTC+2 is 23:30 UTC on the day before: the UTC day decides.
        var offset = TestEvents.Valid(new DateTimeOffset(dayB.AddDays(1).ToDateTime(new TimeOnly(1, 30)), TimeSpan.FromHours(2)));
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_class WHERE relname IN ($1, $2)", $"request_logs_p{dayA:yyyyMMdd}", $"request_logs_p{dayB:yyyyMMdd}"));

        var result = await db.CreateWriter().WriteAsync([early, late, offset], Cancellation);

        Assert.Equal(3, result.Written);
        Assert.Equal($"request_logs_p{dayA:yyyyMMdd}", await PartitionOfAsync(db, early));
        Assert.Equal($"request_logs_p{dayB:yyyyMMdd}", await PartitionOfAsync(db, late));
        Assert.Equal($"request_logs_p{dayB:yyyyMMdd}", await PartitionOfAsync(db, offset));
    }

    [Fact]
    public async Task Write_WhenSessionTimeZoneIsNotUtc_StillUsesUtcDays()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        await using var tokyo = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Timezone = "Asia/Tokyo" }.ConnectionString);
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-10);
        var lastMicrosecond = TestEvents.Valid(new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero).AddTicks(9_999_990));

        await db.CreateWriter(tokyo).WriteAsync([lastMicrosecond], Cancellation);

        Assert.Equal($"request_logs_p{day:yyyyMMdd}", await PartitionOfAsync(db, lastMicrosecond));
        Assert.Equal(lastMicrosecond.Timestamp.UtcDateTime, await db.ScalarAsync<DateTime>("SELECT created_at FROM request_logs"));
    }

    [Fact]
    public async Task Write_BatchWithInvalidEvents_SkipsOnlyThoseAndStoresTheValidOnes()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var valid1 = TestEvents.Valid();
        var valid2 = TestEvents.Valid();
        UsageEvent?[] batch =
        [
            valid1,
            TestEvents.Valid() with { TraceId = null! },
            TestEvents.Valid() with { TraceId = "  " },
            TestEvents.Valid() with { Path = "" },
            TestEvents.Valid() with { PromptTokens = -1 },
            TestEvents.Valid() with { EventId = Guid.Empty },
            TestEvents.Valid() with { CostUsd = -0.5m },
            TestEvents.Valid() with { Timestamp = DateTimeOffset.UtcNow.AddYears(5) },
            TestEvents.Valid() with { Timestamp = default },
            TestEvents.Valid() with { PromptTokens = int.MaxValue, CompletionTokens = 1 },
            null,
            valid2,
        ];

        var result = await db.CreateWriter().WriteAsync(batch, Cancellation);

        Assert.Equal(new(2, 0, 10), result);
        var stored = await db.StringsAsync("SELECT id::text FROM request_logs ORDER BY id");
        Assert.Equal(new[] { valid1.EventId, valid2.EventId }.Select(id => id.ToString()).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        // No partition was made for the far-future event.
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_class WHERE relname = $1", $"request_logs_p{DateTime.UtcNow.AddYears(5):yyyyMMdd}"));
    }

    [Fact]
    public async Task Write_OnlyInvalidEvents_WritesNothingAndDoesNotThrow()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);

        var result = await db.CreateWriter().WriteAsync([TestEvents.Valid() with { Path = null! }], Cancellation);

        Assert.Equal(new(0, 0, 1), result);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs"));
    }

    [Fact]
    public async Task Write_TextWithNulCharactersAndLoneSurrogates_IsStoredWithReplacementCharacters()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var sent = TestEvents.Valid() with
        {
            Model = "gpt\0x",
            Metadata = new Dictionary<string, string> { ["k\0"] = "v\ud800w" },
        };

        var result = await db.CreateWriter().WriteAsync([sent], Cancellation);

        Assert.Equal(1, result.Written);
        Assert.Equal("gpt\ufffdx", await db.ScalarAsync<string>("SELECT model FROM request_logs"));
        Assert.Equal("v\ufffdw", await db.ScalarAsync<string>("SELECT metadata ->> $1 FROM request_logs", "k\ufffd"));
    }

    [Fact]
    public async Task Write_StoredMetadata_IsQueryableAsJsonb()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var pro = TestEvents.Valid();
        var free = TestEvents.Valid() with { Metadata = new Dictionary<string, string> { ["tier"] = "free" } };

        await db.CreateWriter().WriteAsync([pro, free], Cancellation);

        Assert.Equal(pro.EventId, await db.ScalarAsync<Guid>("SELECT id FROM request_logs WHERE metadata @> '{\"tier\":\"pro\"}'"));
    }

    [Fact]
    public async Task Write_RecordsWrittenDuplicateAndRejectedCountersOnTheGatewayLogIngestorMeter()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Gateway.LogIngestor" && ReferenceEquals(instrument.Meter.Scope, db.MeterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();
        var stored = TestEvents.Valid();

        await db.CreateWriter().WriteAsync([stored, TestEvents.Valid()], Cancellation);
        await db.CreateWriter().WriteAsync([stored, TestEvents.Valid() with { Path = "" }], Cancellation);

        Assert.Equal(2, totals["gateway.log_ingestor.events_written"]);
        Assert.Equal(1, totals["gateway.log_ingestor.events_duplicate"]);
        Assert.Equal(1, totals["gateway.log_ingestor.events_rejected"]);
    }

    private static Task<string> PartitionOfAsync(AnalyticsDatabase db, UsageEvent usage) =>
        db.ScalarAsync<string>("SELECT tableoid::regclass::text FROM request_logs WHERE id = $1", usage.EventId);
}
