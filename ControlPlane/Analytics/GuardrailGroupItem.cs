namespace ControlPlane.Analytics;

/// <summary>
/// One guardrail's outcomes: <c>group</c> is its id (<c>pg-…</c>, or <c>inline:&lt;where&gt;</c>). Counts are of verdicts,
/// so a guardrail run on both hooks of a request counts twice.
/// </summary>
/// <param name="Evaluations">Verdicts recorded.</param>
/// <param name="Failures">Verdicts false (some check failed), whatever the action.</param>
internal sealed record GuardrailGroupItem(string? Group, long Evaluations, long Failures, long Denied, long Warned, long Redacted);
