using DataPlane.Routing.Plans;

namespace DataPlane.Caching;

/// <summary>The Redis keys of one request's entry and, in semantic mode, of its vector bucket.</summary>
/// <param name="EntryKey">Redis key of the exact entry (SHA-256 of the normalised request and its scope).</param>
/// <param name="BucketKey">Redis key of the list of vectors of requests equal but for their messages; null when not semantic.</param>
/// <param name="IncludeUsage">Streams: whether the client asked for the usage chunk (the replayed bytes must match).</param>
internal sealed record CacheEntryKey(string EntryKey, string? BucketKey, CachePolicy Policy, bool Stream, bool IncludeUsage);
