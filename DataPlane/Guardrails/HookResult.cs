using Contracts.Usage;

namespace DataPlane.Guardrails;

/// <summary>One guardrail's run on one request: what <c>hook_results</c> shows and the usage event records.</summary>
/// <param name="Hook"><see cref="GuardrailActions.InputHook"/> or <see cref="GuardrailActions.OutputHook"/>.</param>
/// <param name="Transformed">Its redaction was applied to the request or the answer.</param>
internal sealed record HookResult(
    string Hook,
    CompiledGuardrail Guardrail,
    bool Verdict,
    bool Transformed,
    double LatencyMs,
    GuardrailCheckVerdict[] Checks,
    string Action)
{
    public GuardrailVerdict ToVerdict() => new()
    {
        Hook = Hook,
        Guardrail = Guardrail.Label,
        Verdict = Verdict,
        Action = Action,
        LatencyMs = LatencyMs,
        Checks = Checks,
    };
}
