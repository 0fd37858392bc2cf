namespace ControlPlane.Prices;

/// <summary>Body of <c>PUT /v1/model-prices/{ai_provider}/{model}</c>: USD per million tokens.</summary>
internal sealed record ModelPriceRequest
{
    public decimal? InputPerMillion { get; init; }
    public decimal? OutputPerMillion { get; init; }
    /// <summary>Optional: without it, cached prompt tokens are billed at the input price.</summary>
    public decimal? CachedInputPerMillion { get; init; }
}
