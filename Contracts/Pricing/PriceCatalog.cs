using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Contracts.Pricing;

/// <summary>
/// Token prices per provider kind and model: the catalog shipped as data (<c>prices.json</c>, read once),
/// with an admin's overrides on top. Immutable; build one per snapshot with <see cref="WithOverrides"/>.
/// A model is matched by its exact id, else by the longest known id that prefixes it at a <c>-</c>,
/// <c>@</c> or <c>:</c> boundary (ignoring case), else after dropping a prefix its kind declares
/// (<c>models/</c>). No match means the price is unknown: cost 0 with <see cref="UsageCost.PriceKnown"/> false.
/// </summary>
public sealed class PriceCatalog
{
    private const decimal TokensPerUnit = 1_000_000m;
    private static readonly Lazy<PriceCatalog> LazyBuiltIn = new(() => Create(PriceFileReader.ReadEmbedded(), []));

    private readonly PriceFile _file;
    private readonly FrozenDictionary<string, KindPriceTable> _tables;

    private PriceCatalog(PriceFile file, FrozenDictionary<string, KindPriceTable> tables, IReadOnlyList<ModelPriceEntry> overrides)
    {
        _file = file;
        _tables = tables;
        Overrides = overrides;
    }

    /// <summary>The shipped prices, without overrides.</summary>
    public static PriceCatalog BuiltIn => LazyBuiltIn.Value;

    /// <summary>When the shipped prices were taken from the providers' price lists.</summary>
    public string AsOf => _file.AsOf;

    public IReadOnlyList<ModelPriceEntry> Overrides { get; }

    /// <summary>Every kind with a price (built-in, free or overridden), sorted.</summary>
    public IReadOnlyList<string> Kinds => [.. _tables.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The same built-in prices with exactly these overrides (replacing any this catalog had).</summary>
    public PriceCatalog WithOverrides(IEnumerable<ModelPriceEntry> overrides)
    {
        var list = overrides as IReadOnlyList<ModelPriceEntry> ?? [.. overrides];
        return list.Count == 0 && Overrides.Count == 0 ? this : Create(_file, list);
    }

    public bool TryGetPrice(string? kind, string? model, out ModelPrice price)
    {
        price = default;
        if (kind is null || !_tables.TryGetValue(kind, out var table))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(model) && table.TryMatch(model, out var match))
        {
            price = match.Price;
            return true;
        }

        if (table.IsFree)
        {
            price = ModelPrice.Free;
            return true;
        }

        return false;
    }

    /// <summary>Like <see cref="TryGetPrice"/>, also saying which entry priced the model and where it came from.</summary>
    public bool TryResolve(string? kind, string? model, [NotNullWhen(true)] out PricedModel? match)
    {
        match = null;
        if (kind is null || !_tables.TryGetValue(kind, out var table))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(model) && table.TryMatch(model, out match))
        {
            return true;
        }

        if (table.IsFree)
        {
            match = new PricedModel(kind, model ?? "", ModelPrice.Free, PriceSource.BuiltIn);
            return true;
        }

        return false;
    }

    /// <summary>The cost of one request; unknown price → 0 with <c>PriceKnown = false</c>, never a silent $0.</summary>
    public UsageCost CostOf(string? kind, string? model, int promptTokens, int completionTokens, int cachedTokens) =>
        TryGetPrice(kind, model, out var price)
            ? new UsageCost(Cost(price, promptTokens, completionTokens, cachedTokens), PriceKnown: true)
            : UsageCost.Unknown;

    /// <summary>
    /// USD, exact in decimal. <paramref name="promptTokens"/> includes the cached ones (OpenAI's convention):
    /// those are billed at the cached-input price, the rest at the input price.
    /// </summary>
    public static decimal Cost(ModelPrice price, int promptTokens, int completionTokens, int cachedTokens)
    {
        var prompt = Math.Max(promptTokens, 0);
        var cached = Math.Clamp(cachedTokens, 0, prompt);
        var completion = Math.Max(completionTokens, 0);
        var perMillion = ((prompt - cached) * price.InputPerMillion)
            + (cached * (price.CachedInputPerMillion ?? price.InputPerMillion))
            + (completion * price.OutputPerMillion);
        return perMillion / TokensPerUnit;
    }

    /// <summary>Callable model ids with a known price for a kind (for <c>GET /v1/models</c>); empty for an unknown kind.</summary>
    public IReadOnlyList<string> ModelsFor(string kind) => _tables.TryGetValue(kind, out var table) ? table.Models : [];

    /// <summary>The effective entries of a kind, inherited ones included, in catalog order.</summary>
    public IReadOnlyList<PricedModel> EntriesFor(string kind) => _tables.TryGetValue(kind, out var table) ? table.Entries : [];

    internal static PriceCatalog Create(PriceFile file, IReadOnlyList<ModelPriceEntry> overrides)
    {
        var overridesByKind = new Dictionary<string, List<ModelPriceEntry>>(StringComparer.Ordinal);
        foreach (var entry in overrides)
        {
            if (!overridesByKind.TryGetValue(entry.AiProvider, out var list))
            {
                overridesByKind[entry.AiProvider] = list = [];
            }

            list.Add(entry);
        }

        var effective = new Dictionary<string, OrderedDictionary<string, (PricedModel Entry, IReadOnlyList<string> Callable)>>(StringComparer.Ordinal);
        var kinds = file.Kinds.Keys.Concat(file.FreeKinds).Concat(overridesByKind.Keys).ToHashSet(StringComparer.Ordinal);
        var tables = new Dictionary<string, KindPriceTable>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            var merged = Merge(kind, file, overridesByKind, effective, []);
            var models = merged.Values.SelectMany(v => v.Callable).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            tables[kind] = new KindPriceTable(
                file.FreeKinds.Contains(kind),
                file.Kinds.TryGetValue(kind, out var builtIn) ? builtIn.StripPrefixes : [],
                [.. merged.Values.Select(v => v.Entry)],
                models);
        }

        return new PriceCatalog(file, tables.ToFrozenDictionary(StringComparer.Ordinal), overrides);
    }

    /// <summary>Inherited entries, then the kind's own, then its overrides: later wins for the same id.</summary>
    private static OrderedDictionary<string, (PricedModel Entry, IReadOnlyList<string> Callable)> Merge(
        string kind,
        PriceFile file,
        Dictionary<string, List<ModelPriceEntry>> overridesByKind,
        Dictionary<string, OrderedDictionary<string, (PricedModel Entry, IReadOnlyList<string> Callable)>> done,
        HashSet<string> visiting)
    {
        if (done.TryGetValue(kind, out var known))
        {
            return known;
        }

        var merged = new OrderedDictionary<string, (PricedModel Entry, IReadOnlyList<string> Callable)>(StringComparer.OrdinalIgnoreCase);
        visiting.Add(kind);
        if (file.Kinds.TryGetValue(kind, out var builtIn))
        {
            foreach (var parent in builtIn.Inherits.Where(p => !visiting.Contains(p)))
            {
                foreach (var (id, value) in Merge(parent, file, overridesByKind, done, visiting))
                {
                    merged[id] = (value.Entry with { AiProvider = kind }, value.Callable);
                }
            }

            foreach (var model in builtIn.Models)
            {
                merged[model.Id] = (new PricedModel(kind, model.Id, model.Price, PriceSource.BuiltIn), model.CallableIds);
            }
        }

        if (overridesByKind.TryGetValue(kind, out var own))
        {
            foreach (var entry in own)
            {
                // Replacing a built-in entry keeps its id's spelling and its callable ids.
                var (id, callable) = merged.TryGetValue(entry.Model, out var existing)
                    ? (existing.Entry.Model, existing.Callable)
                    : (entry.Model, (IReadOnlyList<string>)[entry.Model]);
                merged[id] = (new PricedModel(kind, id, entry.ToPrice(), PriceSource.Override), callable);
            }
        }

        visiting.Remove(kind);
        done[kind] = merged;
        return merged;
    }
}
