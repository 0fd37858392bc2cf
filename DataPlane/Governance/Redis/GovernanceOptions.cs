using System.ComponentModel.DataAnnotations;

namespace DataPlane.Governance.Redis;

/// <summary>How the governance stores use Redis (section <c>Gateway:Governance</c>, e.g. <c>Gateway:Governance:RedisTimeoutMs</c>).</summary>
internal sealed class GovernanceOptions
{
    public const string Section = "Gateway:Governance";

    /// <summary>The longest one governance Redis call may add to a request; beyond it the call counts as failed.</summary>
    [Range(1, 10_000)]
    public int RedisTimeoutMs { get; set; } = 50;

    /// <summary>How long the guard's breaker stays open after Redis failed: calls return "unavailable" at once meanwhile.</summary>
    [Range(500, 600_000)] // Polly's minimum
    public int BreakDurationMs { get; set; } = 2_000;

    /// <summary>Failed calls (within <see cref="BreakerSamplingMs"/>) before the breaker may open.</summary>
    [Range(2, 1_000)]
    public int BreakerMinimumThroughput { get; set; } = 3;

    /// <summary>The window over which the breaker counts failures; the breaker opens when half of its calls failed.</summary>
    [Range(500, 60_000)]
    public int BreakerSamplingMs { get; set; } = 1_000;

    /// <summary>Per try, for calls off the request's path (settling, releasing, counting tokens): they can afford to wait.</summary>
    [Range(1, 60_000)]
    public int BackgroundTimeoutMs { get; set; } = 2_000;

    /// <summary>
    /// How long calls off the request's path are retried while Redis is away; beyond it a reservation expires on its own and
    /// reconciliation counts the spend from analytics.
    /// </summary>
    [Range(0, 3_600)]
    public int BackgroundRetrySeconds { get; set; } = 30;

    /// <summary>A reservation nobody settles or releases (a crashed replica) stops counting after this long.</summary>
    [Range(1, 86_400)]
    public int ReservationTtlSeconds { get; set; } = 900;

    /// <summary>Output tokens assumed for a budget's worst case when a request sets no <c>max_tokens</c>.</summary>
    [Range(1, 10_000_000)]
    public int DefaultMaxOutputTokens { get; set; } = 4_096;

    /// <summary>The most output tokens a worst case counts, whatever <c>max_tokens</c> says (settlement corrects to the actual).</summary>
    [Range(1, 10_000_000)]
    public int MaxEstimatedOutputTokens { get; set; } = 65_536;

    /// <summary>Approximate cap of the alert stream (<c>XADD … MAXLEN ~</c>).</summary>
    [Range(100, 10_000_000)]
    public int AlertStreamMaxLength { get; set; } = 10_000;

    /// <summary>How often a replica refreshes its membership in <c>{gov}:replicas</c>.</summary>
    [Range(1, 3_600)]
    public int ReplicaHeartbeatSeconds { get; set; } = 5;

    /// <summary>A replica that has not refreshed for this long no longer counts (it must exceed the heartbeat).</summary>
    [Range(2, 86_400)]
    public int ReplicaTtlSeconds { get; set; } = 15;
}
