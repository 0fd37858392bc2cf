namespace ControlPlane.Guardrails;

/// <summary>A saved guardrail id named at <paramref name="Path"/> (e.g. <c>config.targets[0].input_guardrails[1]</c>).</summary>
internal readonly record struct GuardrailReference(string Path, string Id);
