using Contracts.Usage;

namespace LogIngestor.Tests;

/// <summary>Valid usage events with every field set; tests change what they are about.</summary>
internal static class TestEvents
{
    /// <summary>Now, at the microsecond precision PostgreSQL keeps.</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % 10));
    }

    public static UsageEvent Valid(DateTimeOffset? timestamp = null) => new()
    {
        EventId = Guid.NewGuid(),
        TraceId = "trace-" + Guid.NewGuid().ToString("N"),
        Timestamp = timestamp ?? Now(),
        WorkspaceId = Guid.NewGuid(),
        ApiKeyId = Guid.NewGuid(),
        Provider = "openai-prod",
        AiProvider = "openai",
        Model = "gpt-4o-mini",
        Path = "/v1/chat/completions",
        Status = 200,
        ErrorType = null,
        Stream = true,
        PromptTokens = 123,
        CompletionTokens = 45,
        CachedTokens = 7,
        CostUsd = 0.0001234567m,
        PriceKnown = true,
        LatencyMs = 850,
        UpstreamLatencyMs = 800,
        TtftMs = 120,
        CacheStatus = "MISS",
        RetryCount = 1,
        LastUsedOptionIndex = "config.targets[1]",
        ConfigId = "pc-abc123",
        ConfigVersion = 3,
        Metadata = new Dictionary<string, string> { ["_user"] = "alice", ["tier"] = "pro", ["note"] = "héllo \"quoted\"" },
    };
}
