using Contracts.Analytics;

namespace LogIngestor.Rollups;

/// <summary>What a batch adds to one rollup row.</summary>
internal sealed class RollupTotals
{
    public long Requests { get; private set; }

    public long Errors { get; private set; }

    public long CacheHits { get; private set; }

    public long CacheLookups { get; private set; }

    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    public long CachedTokens { get; private set; }

    public decimal CostUsd { get; private set; }

    public long LatencyMsSum { get; private set; }

    /// <summary><see cref="LatencyHistogram.BucketCount"/> counts, index = <see cref="LatencyHistogram.BucketOf"/>.</summary>
    public long[] LatencyHistogram { get; } = new long[Contracts.Analytics.LatencyHistogram.BucketCount];

    public void Add(RollupSource row)
    {
        Requests++;
        Errors += row.Status >= 400 ? 1 : 0;
        CacheHits += row.CacheStatus is CacheStatuses.Hit or CacheStatuses.SemanticHit ? 1 : 0;
        CacheLookups += row.CacheStatus != CacheStatuses.Disabled ? 1 : 0;
        PromptTokens += row.PromptTokens;
        CompletionTokens += row.CompletionTokens;
        CachedTokens += row.CachedTokens;
        CostUsd += row.CostUsd;
        LatencyMsSum += row.LatencyMs;
        LatencyHistogram[Contracts.Analytics.LatencyHistogram.BucketOf(row.LatencyMs)]++;
    }
}
