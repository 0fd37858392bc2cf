using DataPlane.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace DataPlane.Usage;

internal static class UsageExtensions
{
    private const string DefaultRabbitMq = "amqp://guest:guest@localhost:5672";

    public static IHostApplicationBuilder AddUsageEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UsageMetrics>();
        builder.Services.AddSingleton<UsageQueue>();
        builder.Services.AddSingleton(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new UsageJournal(gateway.ResolveUsageJournalPath(), gateway.UsageJournalMaxBytes, sp.GetRequiredService<ILogger<UsageJournal>>());
        });
        builder.Services.AddSingleton<UsagePublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UsagePublisher>());

        var rabbitMq = builder.Configuration.GetConnectionString("rabbitmq") ?? DefaultRabbitMq;
        builder.Services.AddMassTransit(bus =>
        {
            // A broker outage degrades usage delivery; it must not take the data plane out of rotation.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
            bus.UsingRabbitMq((_, cfg) => cfg.Host(new Uri(rabbitMq)));
        });
        // Start-up never waits for the broker; the publisher journals and retries until it answers.
        builder.Services.Configure<MassTransitHostOptions>(host => host.WaitUntilStarted = false);
        return builder;
    }
}
