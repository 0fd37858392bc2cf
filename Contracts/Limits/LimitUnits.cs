namespace Contracts.Limits;

/// <summary>
/// Budgets are counted in whole units so Redis can add them atomically: tokens as they are, USD in nano-dollars
/// (a $0.0000015 request still counts; $9,000,000 still fits a Lua number exactly).
/// </summary>
public static class LimitUnits
{
    public const decimal NanoUsdPerUsd = 1_000_000_000m;

    /// <summary>Units of a <c>usage_limits</c> value of <paramref name="type"/> (<c>cost</c> or <c>tokens</c>), rounded up.</summary>
    public static long From(string type, decimal value) =>
        (long)Math.Ceiling(type == "tokens" ? value : value * NanoUsdPerUsd);

    /// <summary>The value a number of units stands for, as <c>current_usage</c> shows it.</summary>
    public static decimal ToValue(string type, long units) => type == "tokens" ? units : units / NanoUsdPerUsd;
}
