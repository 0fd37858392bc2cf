using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Infrastructure;

/// <summary>Healthy once something accepts connections on the port (epmd has no protocol worth more).</summary>
internal sealed class TcpHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy($"Nothing listens on port {port}.", e);
        }
    }
}
