extern alias logingestor;
using Contracts.Usage;
using logingestor::LogIngestor.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ControlPlane.Tests.Logs;

/// <summary>Writes usage events into analyticsdb with LogIngestor's own writer (binary COPY, rollups), as the service would.</summary>
internal static class IngestedLogs
{
    public static async Task WriteAsync(string analyticsConnectionString, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var dataSource = NpgsqlDataSource.Create(analyticsConnectionString);
        var writer = new RequestLogWriter(dataSource, new IngestionMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            TimeProvider.System, NullLogger<RequestLogWriter>.Instance);
        var result = await writer.WriteAsync(events, cancellationToken);
        Assert.Equal(events.Count, result.Written);
    }

    /// <summary>A valid event a few minutes old (inside the default 24-hour range), in <paramref name="workspaceId"/>.</summary>
    public static UsageEvent Event(Guid workspaceId, IReadOnlyList<GuardrailVerdict> guardrails, int minutesAgo = 5) => new()
    {
        EventId = Guid.NewGuid(),
        TraceId = "trace-" + Guid.NewGuid().ToString("N"),
        Timestamp = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo),
        WorkspaceId = workspaceId,
        ApiKeyId = Guid.NewGuid(),
        Provider = "openai-prod",
        AiProvider = "openai",
        Model = "gpt-4o-mini",
        Path = "/v1/chat/completions",
        Status = guardrails.Any(g => g.Action == "denied") ? 446 : guardrails.Any(g => g.Action == "warned") ? 246 : 200,
        PromptTokens = 10,
        CompletionTokens = 5,
        CostUsd = 0.0001m,
        PriceKnown = true,
        LatencyMs = 40,
        UpstreamLatencyMs = 30,
        Guardrails = guardrails,
    };

    public static GuardrailVerdict Verdict(string guardrail, string action, string hook = "input") => new()
    {
        Hook = hook,
        Guardrail = guardrail,
        Verdict = action is "passed",
        Action = action,
        LatencyMs = 0.5,
        Checks = [new GuardrailCheckVerdict("portkey.pii", action is "passed", action is "passed" ? null : "found email ×1", 0.25, action is "redacted")],
    };
}
