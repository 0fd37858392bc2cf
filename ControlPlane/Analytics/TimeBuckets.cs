namespace ControlPlane.Analytics;

/// <summary>UTC bucket arithmetic for graphs: aligning, stepping, and which rollup rows a granularity reads.</summary>
internal static class TimeBuckets
{
    /// <summary>At most this many buckets per graph: a minute graph of a month would be 43,200 points nobody can draw.</summary>
    public const int MaxBuckets = 1500;

    public static TimeSpan Step(Granularity granularity) => granularity switch
    {
        Granularity.Minute => TimeSpan.FromMinutes(1),
        Granularity.Hour => TimeSpan.FromHours(1),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>The <c>date_trunc</c> unit.</summary>
    public static string SqlUnit(Granularity granularity) => granularity switch
    {
        Granularity.Minute => "minute",
        Granularity.Hour => "hour",
        _ => "day",
    };

    /// <summary>
    /// Which rollup rows to read (the table's <c>granularity</c> column, the width in minutes): minute rows for minute
    /// graphs, hour rows for hour graphs, day rows (UTC days) for day graphs.
    /// </summary>
    public static short RollupGranularity(Granularity granularity) => granularity switch
    {
        Granularity.Minute => 1,
        Granularity.Hour => 60,
        _ => 1440,
    };

    public static DateTimeOffset Floor(DateTimeOffset time, Granularity granularity)
    {
        var utc = time.ToUniversalTime();
        var ticks = Step(granularity).Ticks;
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % ticks), TimeSpan.Zero);
    }

    /// <summary>The first bucket start at or after <paramref name="time"/>.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset time, Granularity granularity)
    {
        var floor = Floor(time, granularity);
        return floor == time ? floor : floor + Step(granularity);
    }

    /// <summary>The granularity when none is asked for: about 60–1500 points for any range.</summary>
    public static Granularity Default(DateTimeOffset from, DateTimeOffset to)
    {
        var range = to - from;
        if (range <= TimeSpan.FromHours(6))
        {
            return Granularity.Minute;
        }

        return range <= TimeSpan.FromDays(7) ? Granularity.Hour : Granularity.Day;
    }

    /// <summary>How many buckets cover [from, to]: from's bucket through to's, both included.</summary>
    public static long Count(DateTimeOffset from, DateTimeOffset to, Granularity granularity) =>
        ((Floor(to, granularity) - Floor(from, granularity)).Ticks / Step(granularity).Ticks) + 1;

    /// <summary>Every bucket start from <paramref name="from"/>'s bucket through <paramref name="to"/>'s.</summary>
    public static IEnumerable<DateTimeOffset> Enumerate(DateTimeOffset from, DateTimeOffset to, Granularity granularity)
    {
        var step = Step(granularity);
        for (var bucket = Floor(from, granularity); bucket <= to; bucket += step)
        {
            yield return bucket;
        }
    }
}
