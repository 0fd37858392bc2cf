using System.ComponentModel.DataAnnotations;

namespace DataPlane.Caching;

/// <summary>Semantic cache settings (<c>Gateway:SemanticCache</c>).</summary>
internal sealed class SemanticCacheOptions
{
    public const string Section = "Gateway:SemanticCache";

    /// <summary><c>@slug/model</c> used when a config's <c>cache</c> names no embedding model; none → exact match only.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Vectors kept per bucket (newest first); a lookup compares against all of them in process.</summary>
    [Range(1, 10_000)]
    public int MaxVectorsPerBucket { get; set; } = 512;

    /// <summary>Bound on the embedding call; past it the lookup falls back to the exact match.</summary>
    [Range(50, 60_000)]
    public int EmbeddingTimeoutMs { get; set; } = 2000;
}
