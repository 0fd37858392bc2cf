using System.Collections.Frozen;
using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// <c>default.contains</c>: whole words, case-insensitive, <c>any</c> / <c>all</c> / <c>none</c> of <c>words</c> across the texts.
/// The list is a frozen map from a word's first token to the entries starting with it; one tokenizer pass over each text,
/// looked up by span (no regex, no allocation per word). An entry of several words (<c>"credit card"</c>) matches those
/// words in a row, whatever separates them.
/// </summary>
internal sealed class ContainsCheck : GuardrailCheck
{
    private readonly FrozenDictionary<string, ContainsEntry[]> _byFirstWord;
    private readonly int _wordCount;
    private readonly string _operator;

    public ContainsCheck(IReadOnlyList<string> words, string @operator)
    {
        _operator = @operator;
        var byFirst = new Dictionary<string, List<ContainsEntry>>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in words)
        {
            var tokens = WordTokenizer.Tokenize(word);
            if (tokens.Length == 0)
            {
                throw new ArgumentException("words: every word must hold a letter or digit", "words");
            }

            // Duplicates (in any case) count once, so "all" does not wait for a word twice.
            if (!seen.Add(string.Join(' ', tokens)))
            {
                continue;
            }

            if (!byFirst.TryGetValue(tokens[0], out var entries))
            {
                byFirst[tokens[0]] = entries = [];
            }

            entries.Add(new ContainsEntry(_wordCount++, tokens[1..]));
        }

        _byFirstWord = byFirst.ToFrozenDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public override string Id => GuardrailChecks.Contains;

    public override ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        var found = _wordCount <= 256 ? stackalloc bool[_wordCount] : new bool[_wordCount];
        var foundCount = 0;
        var lookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        var stopAtFirst = _operator != "all";
        for (var t = 0; t < input.Texts.Count && !(stopAtFirst && foundCount > 0) && foundCount < _wordCount; t++)
        {
            var text = input.Texts[t].AsSpan();
            var position = 0;
            while (WordTokenizer.TryNext(text, ref position, out var word))
            {
                if (!lookup.TryGetValue(word, out var entries))
                {
                    continue;
                }

                foreach (var entry in entries)
                {
                    if (!found[entry.Index] && FollowsWith(text, position, entry.Rest))
                    {
                        found[entry.Index] = true;
                        foundCount++;
                    }
                }

                if ((stopAtFirst && foundCount > 0) || foundCount == _wordCount)
                {
                    break;
                }
            }
        }

        // Counts only: the words are the guardrail's, but naming what a text held says what the text held.
        var outcome = _operator switch
        {
            "all" => foundCount == _wordCount
                ? new CheckOutcome(true, $"found all {_wordCount} words")
                : new CheckOutcome(false, $"missing {_wordCount - foundCount} of {_wordCount} words"),
            "none" => foundCount == 0
                ? new CheckOutcome(true, "found none of the words")
                : new CheckOutcome(false, "found a listed word"),
            _ => foundCount > 0
                ? new CheckOutcome(true, "found a listed word")
                : new CheckOutcome(false, $"found none of the {_wordCount} words"),
        };
        return ValueTask.FromResult(outcome);
    }

    /// <summary>Whether the words after <paramref name="position"/> are <paramref name="rest"/>, in order.</summary>
    private static bool FollowsWith(ReadOnlySpan<char> text, int position, string[] rest)
    {
        foreach (var expected in rest)
        {
            if (!WordTokenizer.TryNext(text, ref position, out var next) || !next.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
