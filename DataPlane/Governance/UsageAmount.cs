namespace DataPlane.Governance;

/// <summary>A request's usage in both budget units; a budget takes the one its type counts.</summary>
internal readonly record struct UsageAmount(long Tokens, long NanoUsd)
{
    public long UnitsFor(string budgetType) => budgetType == "tokens" ? Tokens : NanoUsd;
}
