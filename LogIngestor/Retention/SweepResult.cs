namespace LogIngestor.Retention;

/// <summary>What one retention sweep did.</summary>
internal sealed record SweepResult(IReadOnlyList<string> DroppedPartitions, long MinuteRollupsDeleted, long HourRollupsDeleted, long DayRollupsDeleted);
