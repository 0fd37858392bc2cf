using System.Diagnostics;

namespace DataPlane.Telemetry;

/// <summary>
/// The data plane's own spans, under the service's source name (ServiceDefaults traces it): one per routing attempt, between
/// ASP.NET Core's request span and the HTTP client's upstream span, so a trace shows every try, retry and fallback.
/// </summary>
internal static class GatewayActivities
{
    public static readonly ActivitySource Source = new("DataPlane");

    public const string Attempt = "gateway.attempt";
}
