namespace Contracts.Usage;

/// <summary>One check of a guardrail (<c>portkey.pii</c>, <c>default.regexMatch</c>…) on one request.</summary>
/// <param name="Explanation">Why it failed, never the matched text itself (it may be a secret): e.g. "found email ×2".</param>
/// <param name="Transformed">It redacted the text.</param>
public sealed record GuardrailCheckVerdict(string Check, bool Verdict, string? Explanation, double LatencyMs, bool Transformed = false);
