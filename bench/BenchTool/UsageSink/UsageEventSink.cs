using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace BenchTool.UsageSink;

/// <summary>
/// Stands in for LogIngestor during the benchmark: a server-named, exclusive queue bound to the exchange
/// MassTransit publishes <c>UsageEventBatch</c> to, counting the events that arrive (written to <c>--out</c>
/// as "events messages" twice a second). It counts bytes instead of deserializing, so that it costs the
/// load generator's core next to nothing.
/// </summary>
internal static class UsageEventSink
{
    /// <summary>MassTransit's exchange for <c>Contracts.Usage.UsageEventBatch</c>; it exists once the data plane has published.</summary>
    private const string Exchange = "Contracts.Usage:UsageEventBatch";
    private static readonly TimeSpan ExchangeWait = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var output = arguments.Required("out");
        using var stopping = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });

        var factory = new ConnectionFactory { Uri = new Uri(arguments.Required("rabbitmq")) };
        await using var connection = await factory.CreateConnectionAsync(stopping.Token);
        await using var channel = await BindWhenPublishedAsync(connection, stopping.Token);

        long events = 0, messages = 0;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            Interlocked.Add(ref events, EventCount.In(delivery.Body.Span));
            Interlocked.Increment(ref messages);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(channel.CurrentQueue!, autoAck: true, consumer, stopping.Token);

        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await WriteAsync(output, Interlocked.Read(ref events), Interlocked.Read(ref messages));
                await Task.Delay(500, stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: the final count below.
        }

        await WriteAsync(output, Interlocked.Read(ref events), Interlocked.Read(ref messages));
        return 0;
    }

    private static async Task<IChannel> BindWhenPublishedAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ExchangeWait;
        while (true)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                // Passive: declaring it ourselves could disagree with MassTransit's topology and break its publishing.
                await channel.ExchangeDeclarePassiveAsync(Exchange, cancellationToken);
                var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
                await channel.QueueBindAsync(queue.QueueName, Exchange, "", cancellationToken: cancellationToken);
                return channel;
            }
            catch (OperationInterruptedException) when (DateTime.UtcNow < deadline)
            {
                await channel.DisposeAsync();
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static async Task WriteAsync(string path, long events, long messages)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, string.Create(CultureInfo.InvariantCulture, $"{events} {messages}\n"));
        File.Move(temp, path, overwrite: true);
    }
}
