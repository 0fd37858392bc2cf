using DataPlane.Errors;

namespace DataPlane.Guardrails;

/// <summary>A workspace's default guardrails, compiled once per snapshot: run on every request of the workspace, before a config's.</summary>
/// <param name="Error">Set when a default cannot be compiled: the workspace's requests are refused rather than run unguarded.</param>
internal sealed record GuardrailDefaults(CompiledGuardrail[] Input, CompiledGuardrail[] Output, GatewayError? Error = null)
{
    public static readonly GuardrailDefaults None = new([], []);
}
