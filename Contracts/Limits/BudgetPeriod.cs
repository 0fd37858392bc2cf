namespace Contracts.Limits;

/// <summary>
/// The budget period an instant falls in (CONTRACT.md §3): weekly periods start Sunday 00:00 UTC, monthly ones the 1st
/// 00:00 UTC; a budget without <c>periodic_reset</c> has one period that never ends.
/// </summary>
public static class BudgetPeriod
{
    /// <summary>The key segment of the never-ending period.</summary>
    public const string Forever = "all";

    /// <summary>Start of the period containing <paramref name="now"/>; null for a budget that never resets.</summary>
    public static DateTimeOffset? Start(string? periodicReset, DateTimeOffset now)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return periodicReset switch
        {
            "weekly" => day.AddDays(-(int)day.DayOfWeek),
            "monthly" => day.AddDays(1 - day.Day),
            _ => null,
        };
    }

    /// <summary>Start of the next period (when the counter resets); null for a budget that never resets.</summary>
    public static DateTimeOffset? End(string? periodicReset, DateTimeOffset now) => Start(periodicReset, now) is not { } start
        ? null
        : periodicReset == "weekly" ? start.AddDays(7) : start.AddMonths(1);

    /// <summary>The period's key segment: <c>yyyyMMdd</c> of its start, or <see cref="Forever"/>.</summary>
    public static string Segment(string? periodicReset, DateTimeOffset now) =>
        Start(periodicReset, now)?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) ?? Forever;
}
