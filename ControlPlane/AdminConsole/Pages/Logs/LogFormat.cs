using System.Globalization;

namespace ControlPlane.AdminConsole.Pages.Logs;

/// <summary>How the Logs pages write numbers: invariant culture, units spelled out.</summary>
internal static class LogFormat
{
    /// <summary>USD with the digits a per-request cost needs (fractions of a cent), trailing zeros dropped.</summary>
    public static string Cost(decimal usd, bool priceKnown) =>
        priceKnown ? "$" + usd.ToString("0.00########", CultureInfo.InvariantCulture) : "unknown";

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Milliseconds(int value) => value.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    public static string Milliseconds(int? value) => value is { } ms ? Milliseconds(ms) : "—";

    public static string Milliseconds(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    /// <summary>The badge class for an HTTP status: 2xx ok (246, a guardrail's warning, warn), everything else an error.</summary>
    public static string StatusBadge(int status) => status switch
    {
        246 => "badge warn",
        >= 200 and < 300 => "badge ok",
        _ => "badge error",
    };
}
