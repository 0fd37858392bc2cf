using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DataPlane.Providers.Vertex;

/// <summary>
/// One <see cref="VertexServiceAccount"/> per distinct key, kept across snapshots: every admin edit brings a new snapshot,
/// and a token fetch per edit and provider would be wasted. Keyed by the SHA-256 of the key, so the key itself is not held
/// as a dictionary key.
/// </summary>
internal sealed class VertexServiceAccounts
{
    // Keys rotate rarely; past this many, start afresh rather than grow without bound.
    private const int MaxAccounts = 256;
    private readonly ConcurrentDictionary<string, VertexServiceAccount> _accounts = new(StringComparer.Ordinal);

    /// <summary>The account for <paramref name="json"/>, or null with <paramref name="why"/> when the key is unusable.</summary>
    public VertexServiceAccount? Get(string json, out string? why)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        if (_accounts.TryGetValue(hash, out var account))
        {
            why = null;
            return account;
        }

        if (VertexServiceAccount.Parse(json, out why) is not { } parsed)
        {
            return null;
        }

        if (_accounts.Count >= MaxAccounts)
        {
            _accounts.Clear();
        }

        return _accounts.GetOrAdd(hash, parsed);
    }
}
