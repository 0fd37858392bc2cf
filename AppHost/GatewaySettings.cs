using AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace AppHost;

/// <summary>The AppHost's own knobs, read from configuration or the environment.</summary>
internal sealed record GatewaySettings(
    int DataPlanePort,
    int ControlPlanePort,
    string ListenHost,
    InfraMode Infra,
    string StateDirectory)
{
    public const int DefaultDataPlanePort = 8787;
    public const int DefaultControlPlanePort = 8788;

    public static GatewaySettings From(IConfiguration configuration) => new(
        configuration.GetValue("GATEWAY_DATAPLANE_PORT", DefaultDataPlanePort),
        configuration.GetValue("GATEWAY_CONTROLPLANE_PORT", DefaultControlPlanePort),
        // localhost by default; 0.0.0.0 lets Retool or another host reach the gateway.
        configuration["GATEWAY_LISTEN_HOST"] ?? "localhost",
        InfraModeDetector.Detect(configuration["INFRA"]),
        configuration["GATEWAY_STATE_DIR"] ?? DefaultStateDirectory());

    // Keys and the data plane's last good snapshot outlive one run; server data does not.
    private static string DefaultStateDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(root, "portkey-aspire");
    }
}
