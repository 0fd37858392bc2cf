using System.Text;
using System.Text.RegularExpressions;
using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// <c>portkey.pii</c>: finds email addresses, phone numbers, card numbers, IBANs, US SSNs, IP addresses and secrets in each
/// text (<see cref="PiiScanner"/>). Per category: <c>redact</c> replaces each one with its typed placeholder (the same value
/// gets the same placeholder across texts and hooks of a request) and passes; <c>fail</c> fails the check. The explanation
/// counts what was found per category ("found email ×2, phone ×1"), never the values.
/// </summary>
internal sealed class PiiCheck : GuardrailCheck
{
    /// <summary>By <see cref="PiiType"/>: what to do with it (null: not looked for).</summary>
    private readonly PiiAction?[] _actions = new PiiAction?[PiiTypes.Count];

    /// <param name="categories">The categories acted on (null: all).</param>
    /// <param name="redact">The action of a category <paramref name="actions"/> does not name: redact (true) or fail.</param>
    /// <param name="actions">Per-category override: category → <c>redact</c> | <c>fail</c>.</param>
    public PiiCheck(IReadOnlyList<string>? categories, bool redact, IReadOnlyDictionary<string, string>? actions)
    {
        foreach (var category in categories ?? GuardrailChecks.PiiCategories)
        {
            var type = PiiTypes.Parse(category) ?? throw new ArgumentException($"categories: unknown category '{category}'", nameof(categories));
            _actions[(int)type] = redact ? PiiAction.Redact : PiiAction.Fail;
        }

        foreach (var (category, action) in actions ?? new Dictionary<string, string>())
        {
            var type = PiiTypes.Parse(category) ?? throw new ArgumentException($"actions: unknown category '{category}'", nameof(actions));
            if (_actions[(int)type] is null)
            {
                throw new ArgumentException($"actions.{category}: names a category that categories leaves out", nameof(actions));
            }

            _actions[(int)type] = action switch
            {
                "redact" => PiiAction.Redact,
                "fail" => PiiAction.Fail,
                _ => throw new ArgumentException($"actions.{category}: must be \"redact\" or \"fail\"", nameof(actions)),
            };
        }
    }

    public override string Id => GuardrailChecks.Pii;

    public override ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        Span<int> failed = stackalloc int[PiiTypes.Count];
        Span<int> redacted = stackalloc int[PiiTypes.Count];
        string[]? rewritten = null;
        var spans = new List<PiiSpan>();
        try
        {
            for (var t = 0; t < input.Texts.Count; t++)
            {
                var text = input.Texts[t];
                PiiScanner.Scan(text, spans);
                StringBuilder? builder = null;
                var copied = 0;
                foreach (var span in spans)
                {
                    switch (_actions[(int)span.Type])
                    {
                        case PiiAction.Fail:
                            failed[(int)span.Type]++;
                            break;
                        case PiiAction.Redact:
                            redacted[(int)span.Type]++;
                            builder ??= new StringBuilder(text.Length);
                            builder.Append(text, copied, span.Start - copied);
                            var value = PiiScanner.Normalize(span.Type, text.AsSpan(span.Start, span.Length));
                            builder.Append(input.Redaction.Placeholder(PiiTypes.Name(span.Type), value));
                            copied = span.End;
                            break;
                    }
                }

                if (builder is not null)
                {
                    builder.Append(text, copied, text.Length - copied);
                    rewritten ??= [.. input.Texts];
                    rewritten[t] = builder.ToString();
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return ValueTask.FromResult(CheckOutcome.Failed("the PII scan took too long and was stopped"));
        }

        var anyFailed = failed.IndexOfAnyExcept(0) >= 0;
        var explanation = new StringBuilder();
        if (anyFailed)
        {
            Describe(explanation, "found", failed);
        }

        if (rewritten is not null)
        {
            Describe(explanation.Append(explanation.Length > 0 ? "; " : ""), "redacted", redacted);
        }

        return ValueTask.FromResult(new CheckOutcome(!anyFailed, explanation.Length == 0 ? "no PII found" : explanation.ToString(), rewritten));
    }

    /// <summary>"found email ×2, phone ×1", in the docs' category order.</summary>
    private static void Describe(StringBuilder explanation, string verb, ReadOnlySpan<int> counts)
    {
        explanation.Append(verb).Append(' ');
        var first = true;
        foreach (var type in PiiTypes.DocumentOrder)
        {
            if (counts[(int)type] > 0)
            {
                explanation.Append(first ? "" : ", ").Append(PiiTypes.Name(type)).Append(" ×").Append(counts[(int)type]);
                first = false;
            }
        }
    }
}
