using Contracts.Usage;

namespace BenchTool.Ingest;

/// <summary>
/// Usage events shaped like a busy gateway's: a few workspaces, dozens of keys, a handful of providers and models,
/// mostly successes with some errors and cache hits, metadata on every event, attempts on the routed ones.
/// </summary>
internal static class IngestEvents
{
    private static readonly Guid[] Workspaces = [.. Enumerable.Range(0, 5).Select(_ => Guid.NewGuid())];
    private static readonly Guid[] Keys = [.. Enumerable.Range(0, 50).Select(_ => Guid.NewGuid())];
    private static readonly (string Slug, string Kind, string Model)[] Targets =
    [
        ("openai-prod", "openai", "gpt-4o-mini"),
        ("openai-prod", "openai", "gpt-4o"),
        ("anthropic-prod", "anthropic", "claude-sonnet-4-5"),
        ("google-prod", "google", "gemini-2.5-flash"),
        ("groq", "groq", "llama-3.3-70b-versatile"),
    ];
    private static readonly string[] CacheStatuses = ["DISABLED", "DISABLED", "MISS", "HIT", "SEMANTIC MISS", "SEMANTIC HIT"];
    private static readonly string[] Users = [.. Enumerable.Range(0, 200).Select(i => $"user-{i}")];

    public static UsageEvent[] Batch(Random random, int size, DateTimeOffset now)
    {
        var batch = new UsageEvent[size];
        for (var i = 0; i < size; i++)
        {
            var target = Targets[random.Next(Targets.Length)];
            var key = random.Next(Keys.Length);
            var failed = random.Next(50) == 0;
            var routed = random.Next(4) == 0;
            var prompt = random.Next(20, 4000);
            var completion = failed ? 0 : random.Next(1, 1200);
            var latency = failed ? random.Next(5, 200) : random.Next(150, 12_000);
            batch[i] = new UsageEvent
            {
                EventId = Guid.NewGuid(),
                TraceId = Guid.NewGuid().ToString("N"),
                Timestamp = now.AddMilliseconds(-random.Next(0, 60_000)),
                // Each key belongs to one workspace, as in the catalog.
                WorkspaceId = Workspaces[key % Workspaces.Length],
                ApiKeyId = Keys[key],
                Provider = target.Slug,
                AiProvider = target.Kind,
                Model = target.Model,
                Path = "/v1/chat/completions",
                Status = failed ? 502 : 200,
                ErrorType = failed ? "upstream_error" : null,
                Stream = random.Next(2) == 0,
                PromptTokens = prompt,
                CompletionTokens = completion,
                CachedTokens = random.Next(3) == 0 ? prompt / 2 : 0,
                CostUsd = Math.Round((prompt * 0.15m + completion * 0.6m) / 1_000_000m, 10),
                PriceKnown = true,
                LatencyMs = latency,
                UpstreamLatencyMs = Math.Max(0, latency - 3),
                TtftMs = random.Next(50, 900),
                CacheStatus = CacheStatuses[random.Next(CacheStatuses.Length)],
                RetryCount = routed ? random.Next(0, 2) : 0,
                LastUsedOptionIndex = routed ? "config.targets[0]" : null,
                ConfigId = routed ? "pc-bench01" : null,
                ConfigVersion = routed ? 1 : null,
                Metadata = new Dictionary<string, string>
                {
                    ["_user"] = Users[random.Next(Users.Length)],
                    ["env"] = "prod",
                    ["feature"] = random.Next(2) == 0 ? "chat" : "summary",
                },
                Attempts = routed ? [new UsageAttempt("config.targets[0]", target.Slug, target.Model, failed ? 502 : 200, latency, failed ? "upstream_error" : null)] : [],
            };
        }

        return batch;
    }
}
