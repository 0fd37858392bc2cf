namespace DataPlane.Routing.Plans;

/// <summary>A target's effective <c>cache</c> (its own or inherited).</summary>
/// <param name="Semantic">Mode <c>semantic</c>: exact match first, then the nearest embedding.</param>
/// <param name="MaxAge">How long an entry lives (<c>max_age</c> seconds; default 7 days).</param>
/// <param name="EmbeddingModel">Semantic only: <c>@slug/model</c> of the embedding model; null takes the gateway's default.</param>
/// <param name="SimilarityThreshold">Semantic only: the least cosine similarity that counts as a hit (default 0.95).</param>
internal sealed record CachePolicy(bool Semantic, TimeSpan MaxAge, string? EmbeddingModel = null, double SimilarityThreshold = CachePolicy.DefaultSimilarityThreshold)
{
    public const double DefaultSimilarityThreshold = 0.95;

    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);
}
