namespace Contracts.Pricing;

/// <summary>
/// What a request cost. <see cref="PriceKnown"/> false means the catalog has no price for the model:
/// the cost is then 0 but must not be read as "free".
/// </summary>
public readonly record struct UsageCost(decimal CostUsd, bool PriceKnown)
{
    public static readonly UsageCost Unknown = new(0m, false);
}
