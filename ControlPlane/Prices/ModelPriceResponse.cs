using Contracts.Pricing;

namespace ControlPlane.Prices;

/// <summary>One price as it applies: <c>source</c> is <c>built_in</c> (shipped catalog) or <c>override</c> (set here).</summary>
internal sealed record ModelPriceResponse(
    string AiProvider,
    string Model,
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CachedInputPerMillion,
    string Source)
{
    public const string BuiltIn = "built_in";
    public const string Override = "override";

    public static ModelPriceResponse From(PricedModel priced) => new(
        priced.AiProvider,
        priced.Model,
        priced.Price.InputPerMillion,
        priced.Price.OutputPerMillion,
        priced.Price.CachedInputPerMillion,
        priced.Source == PriceSource.Override ? Override : BuiltIn);
}
