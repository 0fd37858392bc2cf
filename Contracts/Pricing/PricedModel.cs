namespace Contracts.Pricing;

/// <summary>One catalog entry as it applies to a provider kind (inherited entries carry the inheriting kind).</summary>
public sealed record PricedModel(string AiProvider, string Model, ModelPrice Price, PriceSource Source);
