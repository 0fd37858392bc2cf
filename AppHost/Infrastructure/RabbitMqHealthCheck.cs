using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace AppHost.Infrastructure;

/// <summary>Healthy once the broker completes an AMQP handshake (its port opens seconds before that).</summary>
internal sealed class RabbitMqHealthCheck(Uri uri) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var factory = new ConnectionFactory { Uri = uri, RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (BrokerUnreachableException e)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ does not answer yet.", e);
        }
    }
}
