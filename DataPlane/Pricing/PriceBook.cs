using Contracts.Pricing;
using Contracts.Snapshots;
using DataPlane.Providers;

namespace DataPlane.Pricing;

/// <summary>
/// The prices in force for one snapshot: the shipped catalog with the snapshot's admin overrides.
/// Built once per snapshot (it is part of <see cref="Snapshots.RuntimeSnapshot"/>), read lock-free per request.
/// </summary>
internal sealed class PriceBook(PriceCatalog catalog)
{
    /// <summary>No overrides: shared by every snapshot that has none.</summary>
    public static readonly PriceBook BuiltIn = new(PriceCatalog.BuiltIn);

    public PriceCatalog Catalog { get; } = catalog;

    public static PriceBook From(GatewaySnapshot snapshot) =>
        snapshot.Prices.Count == 0 ? BuiltIn : new PriceBook(PriceCatalog.BuiltIn.WithOverrides(snapshot.Prices));

    /// <summary>Cost of one answer by provider kind and model; an unknown price is <c>PriceKnown = false</c>, never a silent $0.</summary>
    public UsageCost CostOf(string? kind, string? model, UsageReport usage) =>
        Catalog.CostOf(kind, model, usage.PromptTokens, usage.CompletionTokens, usage.CachedTokens);

    /// <summary>Callable model ids with a known price, for providers without an allow-list.</summary>
    public IReadOnlyList<string> ModelsFor(string kind) => Catalog.ModelsFor(kind);
}
