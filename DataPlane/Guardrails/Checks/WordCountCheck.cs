using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// <c>default.wordCount</c>: the number of words (runs of non-whitespace) of the texts joined with "\n" is within
/// <c>minWords</c>..<c>maxWords</c>.
/// </summary>
internal sealed class WordCountCheck(long min, long max) : GuardrailCheck
{
    public override string Id => GuardrailChecks.WordCount;

    public override ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        // Joining with "\n" separates words, so counting each text and summing is the same count without the join.
        long count = 0;
        foreach (var text in input.Texts)
        {
            count += CountWords(text);
        }

        return ValueTask.FromResult(count < min || count > max
            ? new CheckOutcome(false, $"{count} words, outside {Bounds.Describe(min, max)}")
            : new CheckOutcome(true, $"{count} words, within {Bounds.Describe(min, max)}"));
    }

    public static long CountWords(ReadOnlySpan<char> text)
    {
        long count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }
}
