using System.Collections.Frozen;
using System.Text.Json;

namespace DataPlane.Routing.Plans;

/// <summary>
/// What a node inherits and passes on (contract §4): a child keeps the parent's retry, cache, request timeout,
/// breaker and input/output guardrails unless it sets its own; <c>override_params</c> merge, the child winning.
/// </summary>
internal sealed record NodeSettings(
    RetryPolicy? Retry,
    CachePolicy? Cache,
    int? RequestTimeoutMs,
    BreakerPolicy? Breaker,
    FrozenDictionary<string, JsonElement> OverrideParams)
{
    public static readonly NodeSettings None = new(null, null, null, null, FrozenDictionary<string, JsonElement>.Empty);

    /// <summary><c>input_guardrails</c>, compiled: run before this target is called (after the workspace's defaults).</summary>
    public Guardrails.CompiledGuardrail[] InputGuardrails { get; init; } = [];

    /// <summary><c>output_guardrails</c>, compiled: run on this target's answer (after the workspace's defaults).</summary>
    public Guardrails.CompiledGuardrail[] OutputGuardrails { get; init; } = [];
}
