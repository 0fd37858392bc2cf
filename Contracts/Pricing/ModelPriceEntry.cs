namespace Contracts.Pricing;

/// <summary>An admin's price override for one provider kind and model id, carried in the snapshot.</summary>
public sealed record ModelPriceEntry(
    string AiProvider,
    string Model,
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CachedInputPerMillion = null)
{
    public ModelPrice ToPrice() => new(InputPerMillion, OutputPerMillion, CachedInputPerMillion);
}
