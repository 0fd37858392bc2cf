namespace DataPlane.Guardrails;

/// <summary>A saved guardrail compiled against one snapshot, or why it cannot be (kept, so it is judged once).</summary>
internal sealed record SavedGuardrail(CompiledGuardrail? Guardrail, string? Error);
