using System.Text.Json;
using Contracts.Analytics;
using Contracts.Usage;
using TestKit.Postgres;

namespace LogIngestor.Tests;

public sealed class RollupTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static DateTimeOffset HoursAgo(int hours)
    {
        var now = TestEvents.Now();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerHour)).AddHours(-hours);
    }

    [Fact]
    public async Task Write_SeededEvents_RollupsEqualAnIndependentAggregationForMinutesHoursAndDays()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var events = SeededEvents.Create(600, HoursAgo(3), TimeSpan.FromHours(2.5), seed: 1);
        var writer = db.CreateWriter();

        foreach (var batch in events.Chunk(100))
        {
            await writer.WriteAsync(batch, Cancellation);
        }

        var expected = Rollups.Expected(events);
        Assert.Contains(expected, row => row.Granularity == 60 && row.Requests > 1);
        Assert.Contains(expected, row => row.Granularity == 1440 && row.Requests > 1);
        Assert.Equal(expected, await Rollups.ReadAsync(db));
    }

    [Fact]
    public async Task Write_EventsAcrossUtcMidnight_DayRowsSplitAtMidnightAndEqualTheSumOfTheirHourRows()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var midnight = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
        var events = SeededEvents.Create(400, midnight.AddHours(-2), TimeSpan.FromHours(4), seed: 6);
        var writer = db.CreateWriter();
        foreach (var batch in events.Chunk(70))
        {
            await writer.WriteAsync(batch, Cancellation);
        }

        var rows = await Rollups.ReadAsync(db);
        Assert.Equal(Rollups.Expected(events), rows);
        var days = rows.Where(r => r.Granularity == 1440).ToList();
        Assert.Equal(new[] { midnight.UtcDateTime.AddDays(-1), midnight.UtcDateTime }, days.Select(r => r.Bucket).Distinct().Order());
        Assert.Equal(events.Count(e => e.Timestamp < midnight), days.Where(r => r.Bucket < midnight.UtcDateTime).Sum(r => r.Requests));
        Assert.Equal(rows.Where(r => r.Granularity == 60).Sum(r => r.CostUsd), days.Sum(r => r.CostUsd));
    }

    [Fact]
    public async Task Write_RedeliveredAndOverlappingBatches_AddOnlyTheNewEventsToRollups()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var events = SeededEvents.Create(200, HoursAgo(2), TimeSpan.FromHours(1), seed: 2);
        var extra = SeededEvents.Create(20, HoursAgo(2), TimeSpan.FromHours(1), seed: 3);
        var writer = db.CreateWriter();
        await writer.WriteAsync(events, Cancellation);

        var redelivered = await writer.WriteAsync(events, Cancellation);
        var overlapping = await writer.WriteAsync([.. events.Take(50), .. extra], Cancellation);

        Assert.Equal(new(0, 200, 0), redelivered);
        Assert.Equal(new(20, 50, 0), overlapping);
        Assert.Equal(Rollups.Expected([.. events, .. extra]), await Rollups.ReadAsync(db));
    }

    [Fact]
    public async Task Write_SameBatchFromTwoReplicasAtOnce_CountsEachEventOnceInRollups()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var events = SeededEvents.Create(300, HoursAgo(1), TimeSpan.FromMinutes(50), seed: 4);

        await Task.WhenAll(
            Task.Run(() => db.CreateWriter().WriteAsync(events, Cancellation)),
            Task.Run(() => db.CreateWriter().WriteAsync(events, Cancellation)));

        Assert.Equal(Rollups.Expected(events), await Rollups.ReadAsync(db));
    }

    [Fact]
    public async Task Write_ManyWritersUpdatingTheSameRollupRows_NeitherDeadlockNorLoseCounts()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        // Eight writers, each with its own events over the same groups and minutes, in a different order.
        var batches = Enumerable.Range(0, 8)
            .Select(i => SeededEvents.Create(150, HoursAgo(1), TimeSpan.FromMinutes(5), seed: 10 + i))
            .ToList();

        var results = await Task.WhenAll(batches.Select((batch, i) => Task.Run(async () =>
        {
            var writer = db.CreateWriter();
            var ordered = i % 2 == 0 ? batch : Enumerable.Reverse(batch).ToList();
            var written = 0;
            foreach (var chunk in ordered.Chunk(30))
            {
                written += (await writer.WriteAsync(chunk, Cancellation)).Written;
            }

            return written;
        })));

        Assert.Equal(1200, results.Sum());
        Assert.Equal(Rollups.Expected(batches.SelectMany(batch => batch)), await Rollups.ReadAsync(db));
    }

    [Fact]
    public async Task Write_HistogramBuckets_AgreeWithLatencyHistogramAtEveryBound()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var at = HoursAgo(1);
        // Each bound, just below and just above it (whole milliseconds), zero, and far past the last bound.
        var latencies = LatencyHistogram.UpperBoundsMs
            .SelectMany(bound => new[] { (int)Math.Floor(bound), (int)Math.Ceiling(bound), (int)Math.Ceiling(bound) + 1 })
            .Append(0)
            .Append(int.MaxValue)
            .ToList();
        var events = latencies.Select(latency => TestEvents.Valid(at) with { WorkspaceId = null, ApiKeyId = null, LatencyMs = latency }).ToList();

        await db.CreateWriter().WriteAsync(events, Cancellation);

        var stored = await db.ScalarAsync<long[]>("SELECT latency_histogram FROM request_rollups WHERE granularity = 60");
        Assert.Equal(LatencyHistogram.BucketCount, stored.Length);
        Assert.Equal(Rollups.Histogram(latencies), stored);
        var bySearch = new long[LatencyHistogram.BucketCount];
        latencies.ForEach(latency => bySearch[LatencyHistogram.BucketOf(latency)]++);
        Assert.Equal(bySearch, stored);
    }

    [Fact]
    public async Task SumHistograms_OverRollupRows_GivesPercentilesWithinABucketOfTheExactOnes()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var events = SeededEvents.Create(2000, HoursAgo(3), TimeSpan.FromHours(3), seed: 5)
            .Select((e, i) => e with { LatencyMs = 20 + (int)(Math.Pow(i % 997, 1.7) % 30_000) })
            .ToList();
        var writer = db.CreateWriter();
        foreach (var batch in events.Chunk(250))
        {
            await writer.WriteAsync(batch, Cancellation);
        }

        var summed = await db.ScalarAsync<long[]>("SELECT sum_histograms(latency_histogram) FROM request_rollups WHERE granularity = 1");

        Assert.Equal(events.Count, summed.Sum());
        var sorted = events.Select(e => (double)e.LatencyMs).Order().ToList();
        foreach (var quantile in new[] { 0.5, 0.95, 0.99 })
        {
            var exact = sorted[(int)Math.Ceiling(quantile * sorted.Count) - 1];
            var estimate = LatencyHistogram.Percentile(summed, quantile)!.Value;
            // Buckets grow by 12 %: the estimate lies in the exact value's bucket.
            Assert.InRange(estimate, exact / 1.12, exact * 1.12);
        }
    }

    [Fact]
    public async Task AddHistograms_OfDifferentLengths_AddsElementWiseTreatingMissingAsZero()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);

        var longer = await db.ScalarAsync<long[]>("SELECT add_histograms('{1,2,3}'::bigint[], '{10,20}'::bigint[])");
        var fromEmpty = await db.ScalarAsync<long[]>("SELECT add_histograms('{}'::bigint[], '{5}'::bigint[])");

        Assert.Equal(new long[] { 11, 22, 3 }, longer);
        Assert.Equal(new long[] { 5 }, fromEmpty);
    }

    [Fact]
    public async Task Write_EventWithAttempts_StoresThemAsASnakeCaseJsonArray()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var sent = TestEvents.Valid() with
        {
            Attempts =
            [
                new UsageAttempt("config.targets[0]", "openai-prod", "gpt-4o", 503, 120, "upstream_error"),
                new UsageAttempt("config.targets[1]", "anthropic\0prod", "claude-sonnet-4-5", 200, 800),
            ],
        };
        var without = TestEvents.Valid();

        await db.CreateWriter().WriteAsync([sent, without], Cancellation);

        using var stored = JsonDocument.Parse(await db.ScalarAsync<string>("SELECT attempts::text FROM request_logs WHERE id = $1", sent.EventId));
        var attempts = stored.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("config.targets[0]", attempts[0].GetProperty("option_index").GetString());
        Assert.Equal("openai-prod", attempts[0].GetProperty("provider").GetString());
        Assert.Equal("gpt-4o", attempts[0].GetProperty("model").GetString());
        Assert.Equal(503, attempts[0].GetProperty("status").GetInt32());
        Assert.Equal(120, attempts[0].GetProperty("latency_ms").GetInt32());
        Assert.Equal("upstream_error", attempts[0].GetProperty("error_type").GetString());
        Assert.Equal("anthropic\ufffdprod", attempts[1].GetProperty("provider").GetString());
        Assert.Equal("[]", await db.ScalarAsync<string>("SELECT attempts::text FROM request_logs WHERE id = $1", without.EventId));
    }
}
