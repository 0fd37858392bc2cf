using System.Diagnostics;

namespace DataPlane.Telemetry;

/// <summary>
/// The data plane's own spans, under the service's source name (ServiceDefaults traces it): one per routing attempt, between
/// ASP.NET Core's request span and the HTTP client's upstream span, so a trace shows every try, retry and fallback.
/// </summary>
internal static class GatewayActivities
{
    /// <summary>The source's name, for listeners: a listener must not touch <see cref="Source"/> while it is being created.</summary>
    public const string SourceName = "DataPlane";

    public static readonly ActivitySource Source = new(SourceName);

    public const string Attempt = "gateway.attempt";
}
