using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Governance;

/// <summary>Configuration section <c>Governance</c>.</summary>
internal sealed class GovernanceOptions
{
    public const string SectionName = "Governance";

    /// <summary>How often budget counters are reconciled with the analytics spend.</summary>
    [Range(1, 86_400)]
    public int ReconcileIntervalSeconds { get; set; } = 60;

    /// <summary>How long an admin read waits for Redis before showing usage as unknown.</summary>
    [Range(10, 10_000)]
    public int RedisTimeoutMilliseconds { get; set; } = 500;

    /// <summary>How often the alert stream is polled (SE.Redis cannot block on XREADGROUP).</summary>
    [Range(10, 10_000)]
    public int AlertPollMilliseconds { get; set; } = 250;

    /// <summary>An alert pending this long (its consumer died) is claimed by another replica.</summary>
    [Range(1, 3_600)]
    public int AlertClaimIdleSeconds { get; set; } = 30;

    /// <summary>Webhook retries after the first attempt.</summary>
    [Range(0, 10)]
    public int WebhookRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially.</summary>
    [Range(1, 60_000)]
    public int WebhookRetryDelayMilliseconds { get; set; } = 500;

    /// <summary>Timeout of one webhook attempt.</summary>
    [Range(100, 60_000)]
    public int WebhookTimeoutMilliseconds { get; set; } = 5_000;
}
