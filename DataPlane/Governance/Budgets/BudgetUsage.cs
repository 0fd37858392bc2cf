namespace DataPlane.Governance.Budgets;

/// <summary>A budget counter as Redis holds it, in units (<see cref="Contracts.Limits.LimitUnits"/>).</summary>
/// <param name="Period">The period read (<see cref="Contracts.Limits.BudgetPeriod.Segment"/>).</param>
/// <param name="Reserved">Sum of reservations not yet settled, released or purged (expired ones count until the next reserve purges them).</param>
/// <param name="Refused">A request was refused for lack of budget this period.</param>
/// <param name="Alerted">The threshold alert was raised this period.</param>
/// <param name="Exhausted">The exhaustion alert was raised this period.</param>
internal sealed record BudgetUsage(string Period, long Spent, long Reserved, bool Refused, bool Alerted, bool Exhausted);
