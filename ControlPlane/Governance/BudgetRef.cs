namespace ControlPlane.Governance;

/// <summary>One budget: what it is set on (<c>LimitScope</c>), the object's id and its <c>periodic_reset</c>.</summary>
internal readonly record struct BudgetRef(string Scope, Guid Id, string? PeriodicReset);
