using System.Diagnostics;
using Contracts.Usage;
using DataPlane.Pricing;
using DataPlane.Providers;
using DataPlane.Snapshots;
using DataPlane.Telemetry;
using DataPlane.Usage;

namespace DataPlane.Inference;

/// <summary>
/// What one authenticated request has learnt so far, turned into exactly one <see cref="UsageEvent"/>
/// when it completes (success or error).
/// </summary>
internal sealed class InferenceExchange(
    UsageQueue queue,
    InferenceMetrics metrics,
    Governance.GovernanceGate governance,
    TimeProvider time,
    long startTimestamp,
    string traceId,
    InferenceOperation operation,
    RuntimeApiKey key,
    PriceBook prices)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private int _completed;

    public long StartTimestamp => startTimestamp;
    public IReadOnlyDictionary<string, string> Metadata { get; set; } = key.DefaultMetadata;
    public RuntimeProvider? Provider { get; set; }
    public string? Model { get; set; }
    public bool Stream { get; set; }

    /// <summary>Set only where body logging is on.</summary>
    public string? RequestBody { get; set; }

    /// <summary>Set only where body logging is on, once the answer has been written.</summary>
    public string? ResponseBody { get; set; }

    /// <summary>How the request was routed (config, attempts, retries, cache); null when it failed before routing.</summary>
    public Routing.RouteRun? Route { get; set; }

    public void Complete(int status, string? errorType, UsageReport? usage)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 1)
        {
            return;
        }

        var report = usage ?? default;
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        var route = Route;
        var cacheStatus = route?.CacheStatus ?? "DISABLED";
        // A cache hit costs nothing; its tokens are recorded as the tokens it saved.
        var fromCache = cacheStatus is "HIT" or "SEMANTIC HIT";
        var cost = fromCache ? new Contracts.Pricing.UsageCost(0m, true) : prices.CostOf(Provider?.Kind, Model, report);
        governance.Complete(route, key, Provider, report, cost.CostUsd, fromCache);
        var guardrails = route?.GuardrailState;
        var usageEvent = new UsageEvent
        {
            EventId = Guid.CreateVersion7(_startedAt),
            TraceId = traceId,
            Timestamp = _startedAt,
            WorkspaceId = key.WorkspaceId,
            ApiKeyId = key.Id,
            Provider = Provider?.Slug,
            AiProvider = Provider?.Kind,
            Model = Model,
            Path = operation.Path(),
            Status = status,
            ErrorType = errorType,
            Stream = Stream,
            PromptTokens = report.PromptTokens,
            CompletionTokens = report.CompletionTokens,
            CachedTokens = report.CachedTokens,
            CostUsd = cost.CostUsd,
            PriceKnown = cost.PriceKnown,
            LatencyMs = (int)elapsed.TotalMilliseconds,
            UpstreamLatencyMs = report.UpstreamLatencyMs,
            TtftMs = report.TtftMs,
            CacheStatus = cacheStatus,
            RetryCount = Math.Max(route?.RetryCount ?? 0, 0),
            LastUsedOptionIndex = route is { Plan.HasConfig: true } ? route.LastUsedOptionIndex : null,
            ConfigId = route?.Plan.ConfigId,
            ConfigVersion = route?.Plan.ConfigVersion,
            Attempts = route?.Attempts ?? [],
            Guardrails = guardrails?.Verdicts() ?? [],
            RequestBody = RequestBody,
            ResponseBody = ResponseBody,
            Metadata = Metadata,
        };
        if (guardrails?.Pending() is { } pending)
        {
            _ = EnqueueAfterAsync(pending, usageEvent, guardrails);
        }
        else
        {
            queue.TryEnqueue(usageEvent);
        }

        var (retries, fellBack) = RetriesAndFallback(route);
        metrics.Record(new InferenceMeasurement(operation, Provider?.Kind, Model, status, errorType, elapsed.TotalSeconds,
            report.PromptTokens, report.CompletionTokens, cacheStatus, retries, fellBack));
    }

    /// <summary>
    /// Async guardrails (and a stream's output guardrails) still running: the event waits for their verdicts, bounded by
    /// their checks' own timeouts and, whatever happens, <see cref="AsyncGuardrailWait"/>.
    /// </summary>
    private async Task EnqueueAfterAsync(Task pending, UsageEvent usageEvent, Guardrails.GuardrailRun guardrails)
    {
        try
        {
            await pending.WaitAsync(AsyncGuardrailWait, time);
        }
        catch (Exception)
        {
            // A verdict that never came (or a check that threw) is simply not in the event.
        }

        queue.TryEnqueue(usageEvent with { Guardrails = guardrails.Verdicts() });
    }

    private static readonly TimeSpan AsyncGuardrailWait = TimeSpan.FromSeconds(30);

    /// <summary>From the attempts: tries beyond the first per target, and whether the answer came from another target than the first.</summary>
    private static (int Retries, bool FellBack) RetriesAndFallback(Routing.RouteRun? route)
    {
        var attempts = route?.Attempts;
        if (attempts is not { Count: > 1 })
        {
            return (0, false);
        }

        var targets = 1;
        for (var i = 1; i < attempts.Count; i++)
        {
            if (attempts[i].OptionIndex != attempts[i - 1].OptionIndex)
            {
                targets++;
            }
        }

        return (attempts.Count - targets, targets > 1);
    }
}
