using System.Globalization;

namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>Numbers as the overview shows them: invariant culture, so the page reads the same on every server.</summary>
public static class OverviewFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>Dollars to the cent, and to a millionth below a cent, where single LLM requests usually are.</summary>
    public static string Cost(decimal value) => value switch
    {
        0m => "$0.00",
        < 0.01m => "$" + value.ToString("0.000000", Invariant),
        _ => "$" + value.ToString("N2", Invariant),
    };

    public static string Percent(double rate) => (rate * 100).ToString("0.#", Invariant) + " %";

    public static string Milliseconds(double value) => value >= 1000
        ? (value / 1000).ToString("0.00", Invariant) + " s"
        : value.ToString("0", Invariant) + " ms";

    /// <summary>The time axis' label format (times are UTC): hours within a day, dates beyond.</summary>
    public static string AxisFormat(OverviewRange range) => range.Length > TimeSpan.FromDays(1) ? "{0:MMM d}" : "{0:HH:mm}";
}
