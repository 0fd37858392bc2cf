using DataPlane.Providers;

namespace DataPlane.Caching;

/// <summary>
/// The outcome of <see cref="ResponseCache.LookupAsync"/>: the status for <c>x-portkey-cache-status</c>, the answer
/// to write on a hit, and what <see cref="ResponseCache.StoreOnSuccess"/> needs to store a fresh one.
/// </summary>
internal sealed class CacheLookup
{
    internal CacheLookup(string status, ProviderResponse? hit, CacheEntryKey? key, float[]? vector)
    {
        Status = status;
        Hit = hit;
        Key = key;
        Vector = vector;
    }

    /// <summary>One of <see cref="CacheStatus"/>'s values.</summary>
    public string Status { get; }

    /// <summary>A ready-to-write answer on a hit (the caller writes and disposes it); null otherwise.</summary>
    public ProviderResponse? Hit { get; }

    public bool IsHit => Hit is not null;

    /// <summary>Where a fresh answer goes; null when it must not be stored (e.g. an unreadable request body).</summary>
    internal CacheEntryKey? Key { get; }

    /// <summary>Semantic mode: the request's embedding, stored with the entry; null otherwise.</summary>
    internal float[]? Vector { get; }
}
