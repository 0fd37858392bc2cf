using System.Diagnostics;

namespace AppHost.Infrastructure;

/// <summary>
/// Containers when a container runtime answers, else local processes; <c>INFRA=containers|local</c> overrides.
/// Without a runtime, container resources would never become healthy and nothing waiting on them would start.
/// </summary>
internal static class InfraModeDetector
{
    public static InfraMode Detect(string? overrideValue) => overrideValue?.Trim().ToLowerInvariant() switch
    {
        "containers" or "container" => InfraMode.Containers,
        "local" => InfraMode.Local,
        null or "" => ContainerRuntimeAnswers() ? InfraMode.Containers : InfraMode.Local,
        _ => throw new InvalidOperationException($"INFRA must be 'containers' or 'local', not '{overrideValue}'."),
    };

    private static bool ContainerRuntimeAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            // Drain the pipes so a chatty runtime cannot block on a full buffer.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the runtime's client is not installed
        }
    }
}
