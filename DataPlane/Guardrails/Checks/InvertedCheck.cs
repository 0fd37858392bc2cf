namespace DataPlane.Guardrails.Checks;

/// <summary><c>not: true</c>: the inner check's verdict, inverted. An inverted redacting check does not redact.</summary>
internal sealed class InvertedCheck(GuardrailCheck inner) : GuardrailCheck
{
    public override string Id => inner.Id;

    public GuardrailCheck Inner => inner;

    public override async ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        // A scratch redaction state: placeholders the inner check would hand out must not use up the request's numbering.
        var scratch = new CheckInput
        {
            Texts = input.Texts,
            Model = input.Model,
            Metadata = input.Metadata,
            IsOutput = input.IsOutput,
            RequestJson = input.RequestJson,
            ResponseJson = input.ResponseJson,
            Redaction = new RedactionState(),
        };
        var outcome = await inner.EvaluateAsync(scratch, cancellationToken);
        if (outcome.Undecided)
        {
            // "Must not match" cannot pass on a pattern that was stopped or a webhook that did not answer.
            return outcome with { RedactedTexts = null };
        }

        var explanation = outcome.Explanation is null ? "inverted (not: true)" : $"{outcome.Explanation} (inverted: not: true)";
        return new CheckOutcome(!outcome.Verdict, explanation);
    }
}
