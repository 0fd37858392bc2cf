namespace ControlPlane.Governance;

/// <summary>A budget counter of the current period as Redis holds it (absent hash: nothing spent).</summary>
internal sealed record BudgetState(long SpentUnits, bool Refused)
{
    public static readonly BudgetState Empty = new(0, false);

    /// <summary>Spent reached the limit, or the data plane already refused a request for lack of budget.</summary>
    public bool IsExhausted(long limitUnits) => Refused || SpentUnits >= limitUnits;
}
