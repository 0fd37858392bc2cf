using System.Diagnostics;
using System.Globalization;
using Contracts.Usage;
using MassTransit;

namespace BenchTool.Ingest;

/// <summary>
/// Publishes <c>--events</c> usage events as <see cref="UsageEventBatch"/> messages of <c>--batch</c> events, the way the
/// data plane does (MassTransit over RabbitMQ, publisher confirms), <c>--parallel</c> batches in flight. bench/ingest.sh
/// publishes them all before LogIngestor consumes, so the measurement is the ingestor's alone.
/// </summary>
internal static class IngestLoad
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var total = arguments.Int("events");
        var batchSize = int.Parse(arguments.Optional("batch", "500"), CultureInfo.InvariantCulture);
        var parallel = int.Parse(arguments.Optional("parallel", "8"), CultureInfo.InvariantCulture);
        var uri = new Uri(arguments.Required("rabbitmq"));

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(uri));
        await bus.StartAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var next = 0;
            var workers = Enumerable.Range(0, parallel).Select(worker => Task.Run(async () =>
            {
                var random = new Random(worker);
                while (true)
                {
                    var start = Interlocked.Add(ref next, batchSize) - batchSize;
                    if (start >= total)
                    {
                        return;
                    }

                    var size = Math.Min(batchSize, total - start);
                    await bus.Publish(new UsageEventBatch(IngestEvents.Batch(random, size, DateTimeOffset.UtcNow)));
                }
            }));
            await Task.WhenAll(workers);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"published {total} events in {Math.Ceiling(total / (double)batchSize)} batches in {clock.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
