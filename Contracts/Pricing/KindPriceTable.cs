using System.Buffers;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Contracts.Pricing;

/// <summary>The effective prices of one provider kind: inherited, built-in and overridden entries merged.</summary>
internal sealed class KindPriceTable
{
    // Where a dated or suffixed variant leaves its family's id: gpt-4o-2024-08-06, claude-3-5-sonnet@20240620, …-v1:0.
    private static readonly SearchValues<char> Boundaries = SearchValues.Create("-@:");

    private readonly FrozenDictionary<string, PricedModel>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly string[] _stripPrefixes;

    public KindPriceTable(bool isFree, IReadOnlyList<string> stripPrefixes, IReadOnlyList<PricedModel> entries, IReadOnlyList<string> models)
    {
        IsFree = isFree;
        _stripPrefixes = [.. stripPrefixes];
        Entries = entries;
        Models = models;
        // Model ids are matched ignoring case: clients write "GPT-4o" and Together's ids are mixed-case.
        _lookup = entries.ToFrozenDictionary(e => e.Model, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Every model of this kind has a known price of zero, unless an entry says otherwise.</summary>
    public bool IsFree { get; }

    public IReadOnlyList<PricedModel> Entries { get; }

    /// <summary>Callable model ids, for listing.</summary>
    public IReadOnlyList<string> Models { get; }

    public bool TryMatch(ReadOnlySpan<char> model, [NotNullWhen(true)] out PricedModel? match)
    {
        if (TryMatchFamily(model, out match))
        {
            return true;
        }

        foreach (var prefix in _stripPrefixes)
        {
            if (model.Length > prefix.Length && model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && TryMatchFamily(model[prefix.Length..], out match))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryMatchFamily(ReadOnlySpan<char> model, [NotNullWhen(true)] out PricedModel? match)
    {
        if (_lookup.TryGetValue(model, out match))
        {
            return true;
        }

        // Right to left, so the longest known prefix wins: gpt-4o-mini-2024-07-18 is gpt-4o-mini, never gpt-4o.
        for (var end = model.LastIndexOfAny(Boundaries); end > 0; end = model[..end].LastIndexOfAny(Boundaries))
        {
            if (_lookup.TryGetValue(model[..end], out match))
            {
                return true;
            }
        }

        match = null;
        return false;
    }
}
