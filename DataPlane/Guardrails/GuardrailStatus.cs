namespace DataPlane.Guardrails;

/// <summary>Portkey's guardrail statuses (CONTRACT.md §2).</summary>
internal static class GuardrailStatus
{
    /// <summary>A guardrail with <c>deny: true</c> failed: the request is refused, or the answer withheld.</summary>
    public const int Denied = 446;

    /// <summary>A guardrail without deny failed: the normal answer, plus <c>hook_results</c>.</summary>
    public const int Warned = 246;
}
