namespace DataPlane.Governance.Budgets;

/// <summary>What <see cref="BudgetLedger.ReserveAsync"/> decided.</summary>
internal enum BudgetOutcome
{
    /// <summary>Every budget had room: the estimate is reserved on each until settled or released.</summary>
    Admitted,

    /// <summary>At least one budget had no room: nothing is reserved; <see cref="BudgetReservation.RefusedSubject"/> names it.</summary>
    Refused,

    /// <summary>Redis could not be asked: the workspace's Redis failure policy decides.</summary>
    Unavailable,

    /// <summary>No subject has a budget: nothing to reserve.</summary>
    NotNeeded,
}
