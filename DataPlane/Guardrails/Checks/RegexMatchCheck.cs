using System.Text.RegularExpressions;
using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// <c>default.regexMatch</c>: passes when <c>rule</c> matches one of the texts (with <c>not: true</c>: when it matches none).
/// Compiled once: with <see cref="RegexOptions.NonBacktracking"/> (linear time) when the pattern allows it, else backtracking
/// with <see cref="GuardrailValidator.RegexMatchTimeout"/> per text; a timeout fails the check (inverted or not).
/// </summary>
internal sealed class RegexMatchCheck : GuardrailCheck
{
    public RegexMatchCheck(string rule)
    {
        try
        {
            Regex = new Regex(rule, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, GuardrailValidator.RegexMatchTimeout);
        }
        catch (NotSupportedException)
        {
            // Lookarounds, backreferences, atomic groups: only the backtracking engine has them.
            Regex = new Regex(rule, RegexOptions.Compiled | RegexOptions.CultureInvariant, GuardrailValidator.RegexMatchTimeout);
        }
    }

    public override string Id => GuardrailChecks.RegexMatch;

    /// <summary>The compiled rule (tests read its options).</summary>
    public Regex Regex { get; }

    public override ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var text in input.Texts)
            {
                if (Regex.IsMatch(text))
                {
                    return ValueTask.FromResult(new CheckOutcome(true, "the pattern matched"));
                }
            }

            return ValueTask.FromResult(new CheckOutcome(false, "the pattern matched no text"));
        }
        catch (RegexMatchTimeoutException)
        {
            return ValueTask.FromResult(CheckOutcome.Failed("the pattern took too long and was stopped"));
        }
    }
}
