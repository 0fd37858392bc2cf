using Contracts.Usage;
using LogIngestor.Ingestion;
using TestKit.Postgres;

namespace LogIngestor.Tests;

public sealed class BatchCoalescerTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static IngestionOptions Options(int writers = 1, int maxEvents = 10_000) =>
        new() { Writers = writers, MaxEventsPerTransaction = maxEvents };

    [Fact]
    public async Task Write_MessagesWaitingTogether_AreStoredInOneTransactionWithExactRollups()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var writer = db.CreateWriter();
        var transactions = 0;
        using var coalescer = new BatchCoalescer(
            (events, cancellationToken) =>
            {
                Interlocked.Increment(ref transactions);
                return writer.WriteAsync(events, cancellationToken);
            },
            Options());
        var messages = Enumerable.Range(0, 10).Select(i => SeededEvents.Create(50, TestEvents.Now().AddMinutes(-30), TimeSpan.FromMinutes(20), seed: 100 + i)).ToList();
        // Queued before the writer starts: it finds all ten waiting.
        var consumers = messages.Select(message => coalescer.WriteAsync(message, Cancellation)).ToList();

        await coalescer.StartAsync(Cancellation);
        await Task.WhenAll(consumers);
        await coalescer.StopAsync(Cancellation);

        Assert.Equal(1, transactions);
        Assert.Equal(500L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs"));
        Assert.Equal(Rollups.Expected(messages.SelectMany(message => message)), await Rollups.ReadAsync(db));
    }

    [Fact]
    public async Task Write_WhenOneMessageCannotBeStored_ItFailsAloneAndItsNeighboursAreStored()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var writer = db.CreateWriter();
        var poison = TestEvents.Valid();
        using var coalescer = new BatchCoalescer(
            (events, cancellationToken) => events.Contains(poison)
                ? throw new InvalidOperationException("cannot store this one")
                : writer.WriteAsync(events, cancellationToken),
            Options());
        UsageEvent[] before = [TestEvents.Valid(), TestEvents.Valid()];
        UsageEvent[] after = [TestEvents.Valid()];
        var first = coalescer.WriteAsync(before, Cancellation);
        var bad = coalescer.WriteAsync([TestEvents.Valid(), poison], Cancellation);
        var last = coalescer.WriteAsync(after, Cancellation);

        await coalescer.StartAsync(Cancellation);
        await first;
        await last;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        await coalescer.StopAsync(Cancellation);

        Assert.Equal("cannot store this one", error.Message);
        var stored = await db.StringsAsync("SELECT id::text FROM request_logs");
        Assert.Equal(before.Concat(after).Select(e => e.EventId.ToString()).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT sum(requests)::bigint FROM request_rollups WHERE granularity = 60"));
    }

    [Fact]
    public async Task Write_ManyMessagesWaiting_TakesMessagesUntilTheEventLimitIsReached()
    {
        var sizes = new List<int>();
        using var coalescer = new BatchCoalescer(
            (events, _) =>
            {
                lock (sizes)
                {
                    sizes.Add(events.Count);
                }

                return Task.CompletedTask;
            },
            Options(maxEvents: 250));
        var consumers = Enumerable.Range(0, 5)
            .Select(_ => coalescer.WriteAsync(Enumerable.Range(0, 100).Select(_ => TestEvents.Valid()).ToArray(), Cancellation))
            .ToList();

        await coalescer.StartAsync(Cancellation);
        await Task.WhenAll(consumers);
        await coalescer.StopAsync(Cancellation);

        Assert.Equal([300, 200], sizes);
    }

    [Fact]
    public async Task Write_FromManyConsumersWhileTwoWritersRun_StoresEveryEventOnce()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        using var coalescer = new BatchCoalescer(db.CreateWriter().WriteAsync, Options(writers: 2, maxEvents: 300));
        await coalescer.StartAsync(Cancellation);
        var messages = Enumerable.Range(0, 40).Select(i => SeededEvents.Create(40, TestEvents.Now().AddMinutes(-10), TimeSpan.FromMinutes(5), seed: 200 + i)).ToList();

        await Task.WhenAll(messages.Select(message => Task.Run(() => coalescer.WriteAsync(message, Cancellation))));
        // A redelivery of some of them, too.
        await Task.WhenAll(messages.Take(5).Select(message => coalescer.WriteAsync(message, Cancellation)));
        await coalescer.StopAsync(Cancellation);

        Assert.Equal(1600L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs"));
        Assert.Equal(Rollups.Expected(messages.SelectMany(message => message)), await Rollups.ReadAsync(db));
    }
}
