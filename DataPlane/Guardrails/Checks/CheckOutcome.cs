namespace DataPlane.Guardrails.Checks;

/// <summary>
/// A check's result. <paramref name="Explanation"/> never holds the text that matched (it may be a secret).
/// <paramref name="RedactedTexts"/>: when the check replaced anything, the texts after replacement (same count and order as
/// <see cref="CheckInput.Texts"/>), else null — set even when the verdict is false (a PII check may redact one entity type
/// and fail on another).
/// </summary>
internal readonly record struct CheckOutcome(bool Verdict, string? Explanation, IReadOnlyList<string>? RedactedTexts = null)
{
    /// <summary>The check could not decide (a regex timed out, the webhook did not answer): it fails, inverted or not.</summary>
    public bool Undecided { get; init; }

    public static CheckOutcome Failed(string explanation) => new(false, explanation) { Undecided = true };
}
