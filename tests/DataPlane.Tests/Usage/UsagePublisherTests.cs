using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using DataPlane.Usage;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

using TestKit.RabbitMq;

namespace DataPlane.Tests.Usage;

/// <summary>
/// The publisher against a real RabbitMQ that goes away and comes back: events wait in the disk journal and arrive
/// once each, in order. A durable queue bound to the batch exchange (declared while the broker runs, kept across its
/// restarts) shows what the broker received.
/// </summary>
public sealed class UsagePublisherTests(RabbitMqServer rabbit) : IClassFixture<RabbitMqServer>, IDisposable
{
    private const string Exchange = "Contracts.Usage:UsageEventBatch"; // MassTransit's exchange for the message type
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);
    private readonly string _journal = Directory.CreateTempSubdirectory("usage-publisher-tests-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    [Fact]
    public async Task BrokerDown_EventsWaitInTheJournal_AndWhenItReturns_EachArrivesOnceInOrder()
    {
        var queue = await BindQueueThenStopBrokerAsync();
        await using var factory = Factory();
        var client = await ReadyClientAsync(factory);

        var sent = await SendAsync(client, "outage", 40);

        var journal = factory.Services.GetRequiredService<UsageJournal>();
        await WaitUntilAsync(() => journal.Events == sent.Count, "every event journaled while the broker is down");
        Assert.True(journal.Bytes > 0);
        Assert.True(Directory.GetFiles(_journal, "*.seg").Length > 0);

        await rabbit.StartAsync(Ct);
        var received = await ReceiveAsync(queue, sent.Count);

        Assert.Equal(sent, received);
        await WaitUntilAsync(() => journal.IsEmpty && journal.Bytes == 0, "the journal drained");
        Assert.Empty(Directory.GetFiles(_journal, "*.seg"));
    }

    [Fact]
    public async Task Restart_WithANonEmptyJournal_ReplaysItWhenTheBrokerIsBack()
    {
        var queue = await BindQueueThenStopBrokerAsync();
        List<string> sent;
        await using (var first = Factory())
        {
            var client = await ReadyClientAsync(first);
            sent = await SendAsync(client, "restart", 25);
            // Stopped at once: what is still in memory goes to the journal at shutdown.
        }

        Assert.NotEmpty(Directory.GetFiles(_journal, "*.seg"));
        await rabbit.StartAsync(Ct);
        await using var second = Factory();
        await ReadyClientAsync(second);

        Assert.Equal(sent, await ReceiveAsync(queue, sent.Count));
    }

    [Fact]
    public async Task JournalFull_RequestsStillSucceed_AndDroppedEventsAreCounted()
    {
        await using var factory = new DataPlaneFactory(TestSnapshot.Build(), new Dictionary<string, string>
        {
            ["Gateway:UsageJournalPath"] = _journal,
            ["Gateway:UsageJournalMaxBytes"] = (64 * 1024).ToString(),
            ["Gateway:UsageBatchSize"] = "20",
        });
        var client = await ReadyClientAsync(factory);
        var meterFactory = factory.Services.GetRequiredService<IMeterFactory>();
        long droppedMetric = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "gateway.usage.events.dropped" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "reason", Value: "journal_full" })
                {
                    Interlocked.Add(ref droppedMetric, value);
                }
            }
        });
        listener.Start();

        await SendAsync(client, "full", 300); // ~700 bytes an event: more than 64 KiB

        var publisher = factory.Services.GetRequiredService<UsagePublisher>();
        var journal = factory.Services.GetRequiredService<UsageJournal>();
        await WaitUntilAsync(() => publisher.DroppedCount > 0 && journal.Events + publisher.DroppedCount >= 280, "drops counted");
        Assert.True(journal.Bytes <= 64 * 1024);
        Assert.Equal(publisher.DroppedCount, Interlocked.Read(ref droppedMetric));
    }

    private DataPlaneFactory Factory() => new(TestSnapshot.Build(), new Dictionary<string, string>
    {
        ["ConnectionStrings:rabbitmq"] = rabbit.Uri.ToString(),
        ["Gateway:UsageJournalPath"] = _journal,
    });

    private async Task<string> BindQueueThenStopBrokerAsync()
    {
        var queue = "usage-test-" + Guid.NewGuid().ToString("N");
        await rabbit.StartAsync(Ct);
        await using (var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = rabbit.Uri }.CreateConnectionAsync(Ct))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Ct))
        {
            await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Ct);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
            await channel.QueueBindAsync(queue, Exchange, "", cancellationToken: Ct);
        }

        await rabbit.StopAsync();
        return queue;
    }

    /// <summary>Trace ids in the order the broker got them, until <paramref name="expected"/> arrived and a moment more (to see duplicates).</summary>
    private async Task<List<string>> ReceiveAsync(string queue, int expected)
    {
        await using var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = rabbit.Uri }.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var traces = new List<string>();
        var deadline = DateTime.UtcNow + Bounded;
        DateTime? quietUntil = null;
        while (quietUntil is null || DateTime.UtcNow < quietUntil)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{traces.Count} of {expected} events arrived within {Bounded}");
            if (await channel.BasicGetAsync(queue, autoAck: true, Ct) is { } message)
            {
                using var body = JsonDocument.Parse(message.Body);
                CollectTraceIds(body.RootElement, traces);
                continue;
            }

            if (traces.Count >= expected)
            {
                quietUntil ??= DateTime.UtcNow.AddSeconds(1);
            }

            await Task.Delay(100, Ct);
        }

        return traces;
    }

    private static void CollectTraceIds(JsonElement element, List<string> traces)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.Equals("traceId", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        traces.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        CollectTraceIds(property.Value, traces);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectTraceIds(item, traces);
                }

                break;
        }
    }

    private static async Task<List<string>> SendAsync(HttpClient client, string prefix, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var sent = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var trace = $"{prefix}-{run}-{i:D4}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"@mock-shared/m","messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-portkey-api-key", TestSnapshot.CompletionKey);
            request.Headers.Add("x-portkey-trace-id", trace);
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent.Add(trace);
        }

        return sent;
    }

    private static async Task<HttpClient> ReadyClientAsync(DataPlaneFactory factory)
    {
        var client = factory.CreateClient();
        await WaitUntilAsync(async () =>
        {
            using var health = await client.GetAsync("/health", Ct);
            return health.StatusCode == HttpStatusCode.OK;
        }, "healthy");
        return client;
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not {what} within {Bounded}");
            await Task.Delay(50, Ct);
        }
    }
}
