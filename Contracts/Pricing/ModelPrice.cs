namespace Contracts.Pricing;

/// <summary>USD per million tokens. Without a cached-input price, cached prompt tokens are billed as input.</summary>
public readonly record struct ModelPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal? CachedInputPerMillion = null)
{
    /// <summary>What the free kinds (<c>mock</c>, self-hosted <c>ollama</c>) cost: a known price of zero.</summary>
    public static readonly ModelPrice Free = new(0m, 0m, 0m);

    /// <summary>
    /// Drops trailing zeros (2.5000000000 → 2.5): prices read back from a <c>numeric(20,10)</c> column
    /// or written as 0.60 would otherwise print that way in JSON.
    /// </summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
