using System.Globalization;

namespace ControlPlane.AdminConsole.Formatting;

/// <summary>Times as every console page writes them: UTC to the second, invariant culture.</summary>
internal static class ConsoleTime
{
    public static string Text(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable form for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
