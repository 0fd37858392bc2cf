using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace DataPlane.Providers;

/// <summary>Provider kind → adapter, from every <see cref="IProviderAdapter"/> registered.</summary>
internal sealed class ProviderRegistry(IEnumerable<IProviderAdapter> adapters)
{
    private readonly FrozenDictionary<string, IProviderAdapter> _byKind =
        adapters.ToFrozenDictionary(adapter => adapter.Kind, StringComparer.OrdinalIgnoreCase);

    public bool TryGet(string kind, [NotNullWhen(true)] out IProviderAdapter? adapter) => _byKind.TryGetValue(kind, out adapter);
}
