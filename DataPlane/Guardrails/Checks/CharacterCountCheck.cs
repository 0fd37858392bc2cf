using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// <c>default.characterCount</c>: the length of the texts joined with "\n" is within <c>minCharacters</c>..<c>maxCharacters</c>.
/// Characters are UTF-16 code units, as Portkey counts them (JavaScript's <c>length</c>).
/// </summary>
internal sealed class CharacterCountCheck(long min, long max) : GuardrailCheck
{
    public override string Id => GuardrailChecks.CharacterCount;

    public override ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        long count = input.Texts.Count == 0 ? 0 : input.Texts.Count - 1;
        foreach (var text in input.Texts)
        {
            count += text.Length;
        }

        return ValueTask.FromResult(count < min || count > max
            ? new CheckOutcome(false, $"{count} characters, outside {Bounds.Describe(min, max)}")
            : new CheckOutcome(true, $"{count} characters, within {Bounds.Describe(min, max)}"));
    }
}
