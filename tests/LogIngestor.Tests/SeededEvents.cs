using Contracts.Usage;

namespace LogIngestor.Tests;

/// <summary>A reproducible mix of events over a few groups and hours: statuses, cache statuses, latencies of every size.</summary>
internal static class SeededEvents
{
    private static readonly Guid[] Workspaces = [Guid.NewGuid(), Guid.NewGuid()];
    private static readonly Guid?[] Keys = [Guid.NewGuid(), Guid.NewGuid(), null];
    private static readonly string?[] Providers = ["openai-prod", "anthropic-prod", null];
    private static readonly string?[] Models = ["gpt-4o", "claude-sonnet-4-5", null];
    private static readonly string[] CacheStatuses = ["HIT", "MISS", "SEMANTIC HIT", "SEMANTIC MISS", "REFRESH", "DISABLED"];
    private static readonly int[] Statuses = [200, 200, 200, 201, 400, 429, 500, 502, 0];

    /// <summary><paramref name="count"/> events between <paramref name="from"/> and <paramref name="from"/> + <paramref name="span"/>.</summary>
    public static List<UsageEvent> Create(int count, DateTimeOffset from, TimeSpan span, int seed)
    {
        var random = new Random(seed);
        var events = new List<UsageEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var provider = random.Next(Providers.Length);
            events.Add(TestEvents.Valid(from.AddTicks((long)(random.NextDouble() * span.Ticks / 10) * 10)) with
            {
                WorkspaceId = Workspaces[random.Next(Workspaces.Length)],
                ApiKeyId = Keys[random.Next(Keys.Length)],
                Provider = Providers[provider],
                Model = Models[provider],
                Status = Statuses[random.Next(Statuses.Length)],
                CacheStatus = CacheStatuses[random.Next(CacheStatuses.Length)],
                PromptTokens = random.Next(0, 5000),
                CompletionTokens = random.Next(0, 2000),
                CachedTokens = random.Next(0, 100),
                CostUsd = Math.Round((decimal)random.NextDouble() / 10, 10),
                // 0 ms, exact bounds, and up to ~40 min (past the last bound).
                LatencyMs = random.Next(10) switch { 0 => 0, 1 => 1, 2 => random.Next(2_400_000), _ => random.Next(1, 5000) },
            });
        }

        return events;
    }
}
