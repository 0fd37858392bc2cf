using Contracts.Usage;
using DataPlane.Guardrails;
using DataPlane.Inference;
using DataPlane.Routing.Conditions;
using DataPlane.Routing.Plans;
using DataPlane.Snapshots;
using Polly;

namespace DataPlane.Routing;

/// <summary>
/// One request's walk through a <see cref="RoutePlan"/>: what the nodes read (request, key, snapshot, headers) and what
/// they leave behind for the response headers and the usage event (attempts, the target used, retries, cache status).
/// Nodes run one after another, never in parallel, so plain fields are enough.
/// </summary>
internal sealed class RouteRun(RouteServices services, HttpContext http, RuntimeSnapshot snapshot, RuntimeApiKey key, InferenceRequest request, RoutePlan plan)
{
    /// <summary>How Polly callbacks (compiled once, shared) find the request they run for.</summary>
    public static readonly ResiliencePropertyKey<RouteRun> PropertyKey = new("gateway.route");

    private List<UsageAttempt>? _attempts;
    private ConditionInput? _conditions;

    public RouteServices Services => services;
    public RuntimeSnapshot Snapshot => snapshot;
    public RuntimeApiKey Key => key;
    public InferenceRequest Request => request;
    public RoutePlan Plan => plan;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the client request, for time to first token.</summary>
    public required long StartTimestamp { get; init; }

    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public string? ProviderHeader { get; init; }

    /// <summary><c>x-portkey-request-timeout</c>; wins over the config's <c>request_timeout</c>.</summary>
    public int? RequestTimeoutMs { get; init; }
    public string? CacheNamespace { get; init; }
    public bool CacheForceRefresh { get; init; }

    /// <summary>The request path, for <c>url.pathname</c> conditions.</summary>
    public string Pathname => http.Request.Path.Value ?? "";

    /// <summary>What conditions read; made on first use (most requests have no conditional config).</summary>
    public ConditionInput Conditions
    {
        get
        {
            if (_conditions is null)
            {
                _conditions = new ConditionInput(Metadata, request.Body, Pathname);
                DisposeWithResponse(_conditions);
            }

            return _conditions;
        }
    }

    /// <summary>The target that answered last (the one whose answer the client gets).</summary>
    public RouteTarget? Target { get; set; }
    public string? LastUsedOptionIndex { get; private set; }

    /// <summary>Retries spent on the last target.</summary>
    public int RetryCount { get; private set; }
    public string CacheStatus { get; set; } = "DISABLED";
    public IReadOnlyList<UsageAttempt> Attempts => _attempts ?? (IReadOnlyList<UsageAttempt>)[];

    /// <summary>The workspace's default guardrails (run before a config's, on every target and answer).</summary>
    public GuardrailDefaults GuardrailDefaults { get; init; } = GuardrailDefaults.None;

    /// <summary>The request's guardrail results and redaction state; null until a guardrail runs.</summary>
    public GuardrailRun? GuardrailState { get; private set; }

    public GuardrailRun Guardrails => GuardrailState ??= new GuardrailRun();

    /// <summary>The output guardrails of the target being tried (the one whose answer the client gets, in the end).</summary>
    public CompiledGuardrail[] OutputGuardrails { get; set; } = [];

    /// <summary>The usage of an answer an output guardrail withheld (446): generated, so it still counts.</summary>
    public Providers.UsageReport? WithheldUsage { get; set; }

    /// <summary>The budget reserved for the target being tried, until the request settles it (or the target fails).</summary>
    public Governance.Budgets.BudgetReservation? Reservation { get; set; }

    /// <summary>A target node starts its first try.</summary>
    public void BeginTarget(RouteNode node)
    {
        LastUsedOptionIndex = node.OptionIndex;
        RetryCount = -1;
        Target = null;
        CacheStatus = "DISABLED";
    }

    public void RecordAttempt(RouteNode node, RouteTarget? target, int status, int latencyMs, string? errorType)
    {
        RetryCount++;
        // Without a config there is one target and no retry: the usage event itself is the one attempt.
        if (plan.HasConfig)
        {
            (_attempts ??= new List<UsageAttempt>(2)).Add(new UsageAttempt(node.OptionIndex, target?.Provider.Slug, target?.Model, status, latencyMs, errorType));
        }
    }

    /// <summary>
    /// For load balancing: which of <paramref name="targets"/> are target nodes whose breaker is open now (one Redis round
    /// trip for all of them), or null when none of them has a breaker.
    /// </summary>
    public ValueTask<bool[]?> OpenBreakersAsync(RouteNode[] targets, CancellationToken cancellationToken) =>
        services.Breakers.OpenAmongAsync(this, targets, cancellationToken);

    /// <summary>The breaker key of a target: the config's identity and the target's place in it.</summary>
    public string BreakerKey(RouteNode node) => $"{plan.Identity}:{node.OptionIndex}";

    /// <summary>Freed when the response is done (pooled bodies and timers a streamed answer still uses).</summary>
    public void DisposeWithResponse(IDisposable disposable) => http.Response.RegisterForDispose(disposable);
}
