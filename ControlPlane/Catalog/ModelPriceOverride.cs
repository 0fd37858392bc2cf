using Contracts.Pricing;

namespace ControlPlane.Catalog;

/// <summary>An organisation-wide price for one provider kind and model id, winning over the built-in catalog.</summary>
internal sealed class ModelPriceOverride
{
    public Guid Id { get; set; }
    public required string AiProvider { get; set; }
    /// <summary>As the admin wrote it.</summary>
    public required string Model { get; set; }
    /// <summary>Lower-case <see cref="Model"/>: unique per kind, because the data plane matches model ids ignoring case.</summary>
    public required string ModelKey { get; set; }
    public decimal InputPerMillion { get; set; }
    public decimal OutputPerMillion { get; set; }
    public decimal? CachedInputPerMillion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>As the snapshot carries it to the data plane.</summary>
    public ModelPriceEntry ToEntry() => new(
        AiProvider,
        Model,
        ModelPrice.Normalize(InputPerMillion),
        ModelPrice.Normalize(OutputPerMillion),
        CachedInputPerMillion is { } cached ? ModelPrice.Normalize(cached) : null);
}
