namespace DataPlane.Governance.Budgets;

/// <summary>
/// One budget's counter as a reservation saw it: the period it was reserved in (settle goes to the same counter even after a
/// period boundary), the limit in units, and the units reserved on it.
/// </summary>
/// <param name="Key">The counter hash, <see cref="Contracts.Limits.GovernanceKeys.Budget"/>.</param>
/// <param name="Period">A <see cref="Contracts.Limits.BudgetPeriod.Segment"/>.</param>
/// <param name="Type"><c>cost</c> or <c>tokens</c>.</param>
/// <param name="ThresholdUnits">The alert threshold in units; null when none is set.</param>
/// <param name="PeriodEnd">When the period ends (the counter expires a week later); null for a budget that never resets.</param>
/// <param name="Amount">Units reserved on this counter.</param>
internal sealed record BudgetCounter(
    LimitSubject Subject,
    string Key,
    string Period,
    string Type,
    long LimitUnits,
    long? ThresholdUnits,
    DateTimeOffset? PeriodEnd,
    long Amount);
