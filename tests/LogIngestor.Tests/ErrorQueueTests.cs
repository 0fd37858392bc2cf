using System.Text;
using LogIngestor.Ingestion;
using LogIngestor.Schema;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using TestKit.Postgres;

using TestKit.RabbitMq;

namespace LogIngestor.Tests;

/// <summary>The consumer on a real broker: a message that cannot be processed ends in <c>log-ingestor_error</c> with the reason.</summary>
public sealed class ErrorQueueTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly RabbitMqServer _rabbit = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _rabbit.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _rabbit.DisposeAsync();

    [Fact]
    public async Task Consume_UnreadableMessage_EndsInTheErrorQueueWithTheReasonWhileValidOnesAreStored()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(postgres, migrate: false);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:analyticsdb"] = db.ConnectionString,
            ["ConnectionStrings:rabbitmq"] = _rabbit.Uri.ToString(),
        });
        builder.AddAnalyticsSchema();
        builder.AddUsageIngestion();
        // The endpoint's queue must exist before we publish to it.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        using var host = builder.Build();
        await host.StartAsync(Cancellation);

        var factory = new ConnectionFactory { Uri = _rabbit.Uri };
        await using var connection = await factory.CreateConnectionAsync(Cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
        var valid = TestEvents.Valid();
        var envelope = $$$"""
            {"messageId":"{{{Guid.NewGuid()}}}","messageType":["urn:message:Contracts.Usage:UsageEventBatch"],
             "message":{"events":[{"eventId":"{{{valid.EventId}}}","traceId":"t-1","timestamp":"{{{valid.Timestamp:O}}}","path":"/v1/chat/completions","status":200}]}}
            """;
        await channel.BasicPublishAsync("", IngestionExtensions.EndpointName, mandatory: false, properties, Encoding.UTF8.GetBytes("{not json"), Cancellation);
        await channel.BasicPublishAsync("", IngestionExtensions.EndpointName, mandatory: false, properties, Encoding.UTF8.GetBytes(envelope), Cancellation);

        BasicGetResult? failed = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (failed is null && DateTime.UtcNow < deadline)
        {
            // The error queue is declared on the first fault; asking for it before closes the channel, so one per try.
            await using var poll = await connection.CreateChannelAsync(cancellationToken: Cancellation);
            try
            {
                failed = await poll.BasicGetAsync(IngestionExtensions.EndpointName + "_error", autoAck: true, Cancellation);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // Not declared yet.
            }

            await Task.Delay(200, Cancellation);
        }

        await host.StopAsync(Cancellation);
        Assert.NotNull(failed);
        Assert.Equal("{not json", Encoding.UTF8.GetString(failed.Body.Span));
        var reason = Encoding.UTF8.GetString((byte[])failed.BasicProperties.Headers!["MT-Fault-Message"]!);
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM request_logs WHERE id = $1", valid.EventId));
    }
}
