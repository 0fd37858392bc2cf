namespace Contracts.Pricing;

public enum PriceSource
{
    /// <summary>From the catalog shipped with the gateway (<c>prices.json</c>).</summary>
    BuiltIn,
    /// <summary>Set through the admin API; wins over the built-in price for the same id.</summary>
    Override,
}
