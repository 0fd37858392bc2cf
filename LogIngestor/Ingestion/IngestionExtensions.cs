using System.Text.Json.Serialization.Metadata;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LogIngestor.Ingestion;

internal static class IngestionExtensions
{
    public const string ConnectionName = "rabbitmq";
    public const string EndpointName = "log-ingestor";

    /// <summary>Waits between a failing batch's tries: about 20 s in all, enough for a database failover or restart.</summary>
    internal static readonly TimeSpan[] RetryIntervals =
    [
        TimeSpan.FromMilliseconds(200),
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(15),
    ];

    /// <summary>
    /// The <c>log-ingestor</c> endpoint on RabbitMQ consuming <c>UsageEventBatch</c>. MassTransit adds its
    /// bus health check to <c>/health</c>; failed messages end in <c>log-ingestor_error</c> with the exception.
    /// </summary>
    public static IHostApplicationBuilder AddUsageIngestion(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var rabbitUri))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} must be an amqp://user:pass@host:port URI.");
        }

        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<RequestLogWriter>();
        // Registered before the bus: hosted services stop in reverse order, so it outlives the consumers it serves.
        builder.Services.AddSingleton<BatchCoalescer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchCoalescer>());

        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<UsageEventBatchConsumer>();
            // Without the broker this service does nothing useful: report that as unhealthy, not degraded.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Unhealthy);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<IngestionOptions>>().Value;
                rabbit.Host(rabbitUri);
                rabbit.ConfigureJsonSerializerOptions(json =>
                {
                    json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                        .WithAddedModifier(LenientUsageEventJson.Modify);
                    return json;
                });
                rabbit.ReceiveEndpoint(EndpointName, endpoint =>
                {
                    endpoint.PrefetchCount = options.PrefetchCount;
                    endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                    // While most messages fail (database down), stop consuming for a minute rather than
                    // burn every message's retries into the error queue.
                    endpoint.UseKillSwitch(killSwitch => killSwitch
                        .SetActivationThreshold(10)
                        .SetTripThreshold(0.15)
                        .SetRestartTimeout(m: 1));
                    // Bounded: after these the message faults into log-ingestor_error (with the exception as reason).
                    // A failure that retrying cannot fix goes there at once.
                    endpoint.UseMessageRetry(retry =>
                    {
                        retry.Intervals(RetryIntervals);
                        retry.Ignore<Exception>(RetryClassifier.IsPermanent);
                    });
                    endpoint.ConfigureConsumer<UsageEventBatchConsumer>(context);
                });
            });
        });
        return builder;
    }
}
