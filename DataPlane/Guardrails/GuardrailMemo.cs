namespace DataPlane.Guardrails;

/// <summary>What a guardrail said about some texts, remembered for the rest of the request.</summary>
/// <param name="Result">Null for an async guardrail started earlier (it records itself).</param>
/// <param name="Redacted">The texts after its redaction, when it redacted.</param>
internal sealed record GuardrailMemo(IReadOnlyList<string> Texts, HookResult? Result, IReadOnlyList<string>? Redacted);
