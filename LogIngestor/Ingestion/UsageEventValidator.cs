using Contracts.Usage;

namespace LogIngestor.Ingestion;

/// <summary>
/// Decides whether an event can ever be stored. An invalid event will not become valid on redelivery,
/// so the writer skips it (logged with the reason and counted) and stores the rest of its batch.
/// </summary>
internal static class UsageEventValidator
{
    /// <summary>How old an event may be: a data plane replaying its journal after a long outage is fine; year 1 is not.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(366);

    /// <summary>How far ahead of our clock an event may be: clock skew, not a partition for year 9999.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);

    /// <summary>numeric(20,10) holds values below 10^10.</summary>
    private const decimal CostLimit = 10_000_000_000m;

    /// <summary>Null when the event can be stored, else why not.</summary>
    public static string? Validate(UsageEvent? usage, DateTimeOffset now)
    {
        if (usage is null)
        {
            return "the event is null";
        }

        if (usage.EventId == Guid.Empty)
        {
            return "event_id is empty";
        }

        if (string.IsNullOrWhiteSpace(usage.TraceId))
        {
            return "trace_id is missing";
        }

        if (string.IsNullOrWhiteSpace(usage.Path))
        {
            return "path is missing";
        }

        if (usage.Timestamp < now - MaxAge || usage.Timestamp > now + MaxClockSkew)
        {
            return $"timestamp {usage.Timestamp:O} is more than {MaxAge.TotalDays} days old or {MaxClockSkew.TotalDays} day(s) ahead";
        }

        if (usage.PromptTokens < 0 || usage.CompletionTokens < 0 || usage.CachedTokens < 0)
        {
            return "token counts must not be negative";
        }

        if ((long)usage.PromptTokens + usage.CompletionTokens > int.MaxValue)
        {
            return "prompt_tokens + completion_tokens overflows";
        }

        if (usage.CostUsd < 0 || usage.CostUsd >= CostLimit)
        {
            return "cost_usd must be at least 0 and below 10^10";
        }

        if (usage.LatencyMs < 0 || usage.UpstreamLatencyMs < 0 || usage.TtftMs < 0)
        {
            return "latencies must not be negative";
        }

        if (usage.RetryCount < 0)
        {
            return "retry_count must not be negative";
        }

        if (usage.Status is < 0 or > 999)
        {
            return "status must be between 0 and 999";
        }

        return null;
    }
}
