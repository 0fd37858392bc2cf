using System.Text.RegularExpressions;
using Contracts.Guardrails;
using DataPlane.Guardrails.Checks;
using static DataPlane.Tests.Guardrails.Checks.CheckRunner;

namespace DataPlane.Tests.Guardrails.Checks;

/// <summary>regexMatch, contains, wordCount, characterCount.</summary>
public sealed class TextChecksTests
{
    [Theory]
    [InlineData("""{ "rule": "\\border-\\d+\\b" }""", new[] { "see order-42 please" }, true)]
    [InlineData("""{ "rule": "\\border-\\d+\\b" }""", new[] { "nothing", "here" }, false)]
    [InlineData("""{ "rule": "^\\d+$" }""", new[] { "abc", "123" }, true)]
    [InlineData("""{ "rule": "(?<=secret:)\\s*\\w+" }""", new[] { "the secret: tulip" }, true)]
    [InlineData("""{ "rule": "(?<=secret:)\\s*\\w+" }""", new[] { "no secrets" }, false)]
    [InlineData("""{ "rule": "forbidden", "not": true }""", new[] { "all fine" }, true)]
    [InlineData("""{ "rule": "forbidden", "not": true }""", new[] { "fine", "this is forbidden" }, false)]
    [InlineData("""{ "rule": "x" }""", new string[0], false)]
    public async Task RegexMatch_PassesWhenAnyTextMatches(string parameters, string[] texts, bool verdict) =>
        Assert.Equal(verdict, (await RunAsync(GuardrailChecks.RegexMatch, parameters, texts)).Verdict);

    [Fact]
    public void RegexMatch_UsesNonBacktracking_WhenThePatternAllows()
    {
        var simple = (RegexMatchCheck)Compile(GuardrailChecks.RegexMatch, """{ "rule": "a+b" }""");
        Assert.True(simple.Regex.Options.HasFlag(RegexOptions.NonBacktracking));
        var lookaround = (RegexMatchCheck)Compile(GuardrailChecks.RegexMatch, """{ "rule": "(?<=a)b" }""");
        Assert.False(lookaround.Regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(GuardrailValidator.RegexMatchTimeout, lookaround.Regex.MatchTimeout);
    }

    [Fact]
    public async Task RegexMatch_Catastrophic_TimesOut_AndFailsEvenInverted()
    {
        // A backreference forces the backtracking engine; (a+)+ on a long run of a's without the final b is exponential.
        var text = new string('a', 40) + "!";
        var timedOut = await RunAsync(GuardrailChecks.RegexMatch, """{ "rule": "^(\\w)(a+)+\\1b$" }""", text);
        Assert.False(timedOut.Verdict);
        Assert.Contains("too long", timedOut.Explanation, StringComparison.Ordinal);
        var inverted = await RunAsync(GuardrailChecks.RegexMatch, """{ "rule": "^(\\w)(a+)+\\1b$", "not": true }""", text);
        Assert.False(inverted.Verdict);
    }

    [Theory]
    // any
    [InlineData("""{ "words": ["refund"] }""", "I want a Refund!", true)]
    [InlineData("""{ "words": ["refund"] }""", "refunds are over", false)]
    [InlineData("""{ "words": ["refund"] }""", "nonrefundable", false)]
    [InlineData("""{ "words": ["refund", "cancel"], "operator": "any" }""", "please CANCEL it", true)]
    [InlineData("""{ "words": ["credit card"] }""", "my Credit  Card, please", true)]
    [InlineData("""{ "words": ["credit card"] }""", "credit score and card", false)]
    [InlineData("""{ "words": ["e-mail"] }""", "send an E-Mail", true)]
    [InlineData("""{ "words": ["café"] }""", "au CAFÉ ce soir", true)]
    // all
    [InlineData("""{ "words": ["alpha", "beta"], "operator": "all" }""", "beta then alpha", true)]
    [InlineData("""{ "words": ["alpha", "beta"], "operator": "all" }""", "alpha and betamax", false)]
    [InlineData("""{ "words": ["alpha", "ALPHA", "beta"], "operator": "all" }""", "alpha beta", true)]
    // none
    [InlineData("""{ "words": ["password", "ssn"], "operator": "none" }""", "my passwords manager", true)]
    [InlineData("""{ "words": ["password", "ssn"], "operator": "none" }""", "my SSN: 1", false)]
    [InlineData("""{ "words": ["password"], "operator": "none" }""", "", true)]
    public async Task Contains_WholeWordsCaseInsensitive(string parameters, string text, bool verdict) =>
        Assert.Equal(verdict, (await RunAsync(GuardrailChecks.Contains, parameters, text)).Verdict);

    [Fact]
    public async Task Contains_All_LooksAcrossTexts()
    {
        var outcome = await RunAsync(GuardrailChecks.Contains, """{ "words": ["alpha", "beta", "gamma"], "operator": "all" }""", "alpha", "and beta");
        Assert.False(outcome.Verdict);
        Assert.Equal("missing 1 of 3 words", outcome.Explanation);
        Assert.True((await RunAsync(GuardrailChecks.Contains, """{ "words": ["alpha", "beta"], "operator": "all" }""", "alpha", "and beta")).Verdict);
    }

    [Fact]
    public async Task Contains_Not_Inverts() =>
        Assert.False((await RunAsync(GuardrailChecks.Contains, """{ "words": ["refund"], "not": true }""", "a refund")).Verdict);

    [Theory]
    [InlineData("""{ "minWords": 3 }""", new[] { "one two three" }, true)]
    [InlineData("""{ "minWords": 3 }""", new[] { "one two" }, false)]
    [InlineData("""{ "maxWords": 3 }""", new[] { "one two", "three four" }, false)]
    [InlineData("""{ "maxWords": 4 }""", new[] { "  one\ttwo \n", "three, four." }, true)]
    [InlineData("""{ "minWords": 1, "maxWords": 1 }""", new[] { "" }, false)]
    [InlineData("""{ "minWords": 0, "maxWords": 0 }""", new[] { "   " }, true)]
    [InlineData("""{ "minWords": 2, "not": true }""", new[] { "one two" }, false)]
    public async Task WordCount_CountsWhitespaceSeparatedWordsOfAllTexts(string parameters, string[] texts, bool verdict) =>
        Assert.Equal(verdict, (await RunAsync(GuardrailChecks.WordCount, parameters, texts)).Verdict);

    [Theory]
    [InlineData("""{ "maxCharacters": 5 }""", new[] { "hello" }, true)]
    [InlineData("""{ "maxCharacters": 5 }""", new[] { "hello!" }, false)]
    // Joined with "\n": "ab\ncd" is 5 characters.
    [InlineData("""{ "minCharacters": 5, "maxCharacters": 5 }""", new[] { "ab", "cd" }, true)]
    [InlineData("""{ "minCharacters": 1 }""", new[] { "" }, false)]
    [InlineData("""{ "minCharacters": 1, "not": true }""", new[] { "" }, true)]
    public async Task CharacterCount_CountsTheJoinedText(string parameters, string[] texts, bool verdict) =>
        Assert.Equal(verdict, (await RunAsync(GuardrailChecks.CharacterCount, parameters, texts)).Verdict);

    [Fact]
    public async Task WordCount_ExplainsTheCount()
    {
        var outcome = await RunAsync(GuardrailChecks.WordCount, """{ "minWords": 2, "maxWords": 3 }""", "a b c d");
        Assert.Equal("4 words, outside 2..3", outcome.Explanation);
    }
}
