using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>Splits text into words: maximal runs of letters, digits, marks and <c>_</c> (what <c>\w</c> means), no allocation.</summary>
internal static class WordTokenizer
{
    /// <summary>The next word at or after <paramref name="position"/>; advances past it. False at the end of the text.</summary>
    public static bool TryNext(ReadOnlySpan<char> text, ref int position, out ReadOnlySpan<char> word)
    {
        var i = position;
        while (i < text.Length && !GuardrailValidator.IsWordCharacter(text[i]))
        {
            i++;
        }

        var start = i;
        while (i < text.Length && GuardrailValidator.IsWordCharacter(text[i]))
        {
            i++;
        }

        position = i;
        word = text[start..i];
        return word.Length > 0;
    }

    public static string[] Tokenize(string text)
    {
        var words = new List<string>();
        var position = 0;
        while (TryNext(text, ref position, out var word))
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }
}
