using System.ComponentModel.DataAnnotations;

namespace LogIngestor.Retention;

/// <summary>Configuration section <c>Ingestion</c>: how long analytics data is kept.</summary>
internal sealed class RetentionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>
    /// Days of request logs kept (whole UTC days; older daily partitions are dropped); 0 keeps them forever.
    /// Hour rollups follow it but are kept at least <see cref="MinHourRollupDays"/> days.
    /// </summary>
    [Range(0, 36500)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>Days of minute rollups kept (short-range graphs and a budget period's partial first hour); 0 keeps them as long as the hour rollups.</summary>
    [Range(0, 36500)]
    public int MinuteRollupRetentionDays { get; set; } = 7;

    /// <summary>
    /// Days of day rollups kept (long-range graphs and groups); 0 keeps them as long as the hour rollups. Never shorter
    /// than the hour rollups: a day graph must not lose days an hour graph still shows.
    /// </summary>
    [Range(0, 36500)]
    public int DayRollupRetentionDays { get; set; }

    /// <summary>A calendar-month budget period must always be reconcilable from the hour rollups, whatever the log retention.</summary>
    public const int MinHourRollupDays = 32;

    /// <summary>Null: kept forever.</summary>
    public int? HourRollupDays => RetentionDays == 0 ? null : Math.Max(RetentionDays, MinHourRollupDays);

    /// <summary>Null: kept forever.</summary>
    public int? MinuteRollupDays => MinuteRollupRetentionDays == 0
        ? HourRollupDays
        : HourRollupDays is { } hours ? Math.Min(MinuteRollupRetentionDays, hours) : MinuteRollupRetentionDays;

    /// <summary>Null: kept forever.</summary>
    public int? DayRollupDays => HourRollupDays is { } hours
        ? (DayRollupRetentionDays == 0 ? hours : Math.Max(DayRollupRetentionDays, hours))
        : null;
}
