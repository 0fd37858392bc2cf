namespace DataPlane.Governance.Budgets;

/// <summary>
/// The result of <see cref="BudgetLedger.ReserveAsync"/>, and what <see cref="BudgetLedger.SettleAsync"/> /
/// <see cref="BudgetLedger.ReleaseAsync"/> need. Settle or release it exactly once; later calls are no-ops.
/// </summary>
internal sealed class BudgetReservation
{
    private int _finished;

    public BudgetReservation(BudgetOutcome outcome, LimitSubject? refusedSubject, string id, IReadOnlyList<BudgetCounter> counters)
    {
        Outcome = outcome;
        RefusedSubject = refusedSubject;
        Id = id;
        Counters = counters;
    }

    /// <summary>Nothing had a budget; settle and release do nothing.</summary>
    public static BudgetReservation NotNeeded { get; } = new(BudgetOutcome.NotNeeded, null, "", []);

    public BudgetOutcome Outcome { get; }

    /// <summary>The first subject whose budget refused (<see cref="BudgetOutcome.Refused"/> only).</summary>
    public LimitSubject? RefusedSubject { get; }

    /// <summary>The reservation id (member of each counter's reservation set).</summary>
    public string Id { get; }

    /// <summary>One entry per budget the request counts against, with its period and reserved units.</summary>
    public IReadOnlyList<BudgetCounter> Counters { get; }

    /// <summary>True once settled or released.</summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>True for the first caller only: the one that settles or releases.</summary>
    internal bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;
}
