using DataPlane.Guardrails.Checks;

namespace DataPlane.Guardrails;

/// <summary>
/// A guardrail ready to run: its checks compiled once per snapshot (regexes, word sets), and its actions.
/// Compared by reference: a request remembers which guardrails it already ran (a fallback does not run one twice).
/// </summary>
/// <param name="Label">The saved id (<c>pg-…</c>) or <c>inline:&lt;where it is written&gt;</c>; recorded and sent in <c>hook_results</c>.</param>
internal sealed class CompiledGuardrail(string label, GuardrailCheck[] checks, bool deny, bool async)
{
    public string Label => label;
    public GuardrailCheck[] Checks => checks;

    /// <summary>A failure refuses the request (446) or withholds the answer.</summary>
    public bool Deny => deny;

    /// <summary>Runs off the request path and is only recorded.</summary>
    public bool Async => async;
}
