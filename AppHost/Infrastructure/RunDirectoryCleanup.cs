using System.Runtime.Versioning;
using Microsoft.Extensions.Hosting;

namespace AppHost.Infrastructure;

/// <summary>Removes the run's data directory once the app has stopped.</summary>
[SupportedOSPlatform("linux")]
internal sealed class RunDirectoryCleanup(IHostApplicationLifetime lifetime, string directory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(() => RunDirectory.TryDelete(directory));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
