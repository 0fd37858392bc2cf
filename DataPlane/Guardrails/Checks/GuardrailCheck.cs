namespace DataPlane.Guardrails.Checks;

/// <summary>One compiled check of a guardrail: built once per snapshot by <see cref="CheckCompiler"/>, run per request.</summary>
internal abstract class GuardrailCheck
{
    /// <summary>The check id (<c>portkey.pii</c>, <c>default.regexMatch</c>…), as recorded in verdicts.</summary>
    public abstract string Id { get; }

    public abstract ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken);
}
