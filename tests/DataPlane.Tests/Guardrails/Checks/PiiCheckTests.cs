using Contracts.Guardrails;
using DataPlane.Guardrails.Checks;
using static DataPlane.Tests.Guardrails.Checks.CheckRunner;

namespace DataPlane.Tests.Guardrails.Checks;

public sealed class PiiCheckTests
{
    [Theory]
    [InlineData("mail jane@example.com", "found email ×1")]
    [InlineData("call +44 20 7946 0958 or (415) 555-2671, mail a@b.io", "found email ×1, phone ×2")]
    [InlineData("card 4111 1111 1111 1111", "found credit_card ×1")]
    [InlineData("GB82 WEST 1234 5698 7654 32", "found iban ×1")]
    [InlineData("123-45-6789", "found us_ssn ×1")]
    [InlineData("10.0.0.1 and 2001:db8::1", "found ip_address ×2")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "found secret ×1")]
    public async Task Pii_Default_FailsAndCountsWithoutValues(string text, string explanation)
    {
        var outcome = await RunAsync(GuardrailChecks.Pii, "{}", text);
        Assert.False(outcome.Verdict);
        Assert.Equal(explanation, outcome.Explanation);
        Assert.Null(outcome.RedactedTexts);
    }

    [Theory]
    [InlineData("hello world, version 1.2.3 on 2024-01-15")]
    [InlineData("")]
    public async Task Pii_CleanText_Passes(string text)
    {
        var outcome = await RunAsync(GuardrailChecks.Pii, "{}", text);
        Assert.True(outcome.Verdict);
        Assert.Equal("no PII found", outcome.Explanation);
        Assert.Null(outcome.RedactedTexts);
    }

    [Theory]
    [InlineData("mail jane@example.com now", "mail [EMAIL_1] now")]
    [InlineData("+44 20 7946 0958", "[PHONE_1]")]
    [InlineData("pay 4111-1111-1111-1111.", "pay [CREDIT_CARD_1].")]
    [InlineData("to GB82 WEST 1234 5698 7654 32!", "to [IBAN_1]!")]
    [InlineData("ssn 123-45-6789", "ssn [US_SSN_1]")]
    [InlineData("at 192.168.1.20 / fe80::1", "at [IP_ADDRESS_1] / [IP_ADDRESS_2]")]
    [InlineData("key=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z;", "key=[SECRET_1];")]
    [InlineData("a@x.io b@x.io a@x.io A@X.IO", "[EMAIL_1] [EMAIL_2] [EMAIL_1] [EMAIL_1]")]
    [InlineData("a@x.io 4111 1111 1111 1111 b@x.io 4111-1111-1111-1111", "[EMAIL_1] [CREDIT_CARD_1] [EMAIL_2] [CREDIT_CARD_1]")]
    public async Task Pii_Redact_ReplacesWithTypedPlaceholders(string text, string redacted)
    {
        var outcome = await RunAsync(GuardrailChecks.Pii, """{ "redact": true }""", text);
        Assert.True(outcome.Verdict);
        Assert.Equal([redacted], outcome.RedactedTexts);
        Assert.StartsWith("redacted ", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pii_Redact_SameValueAcrossTexts_GetsSamePlaceholder_AndOtherTextsStay()
    {
        var check = Compile(GuardrailChecks.Pii, """{ "redact": true }""");
        var outcome = await RunAsync(check, Input(["I am jane@example.com", "no pii here", "bob@example.com wrote to jane@example.com"]));
        Assert.True(outcome.Verdict);
        Assert.Equal(["I am [EMAIL_1]", "no pii here", "[EMAIL_2] wrote to [EMAIL_1]"], outcome.RedactedTexts);
        Assert.Equal("redacted email ×3", outcome.Explanation);
    }

    [Fact]
    public async Task Pii_Redact_SharesNumberingAcrossHooksOfARequest()
    {
        var check = Compile(GuardrailChecks.Pii, """{ "redact": true }""");
        var redaction = new RedactionState();
        var input = await RunAsync(check, Input(["from jane@example.com"], redaction));
        var output = await RunAsync(check, Input(["reply to bob@example.com, cc jane@example.com"], redaction, isOutput: true));
        Assert.Equal(["from [EMAIL_1]"], input.RedactedTexts);
        Assert.Equal(["reply to [EMAIL_2], cc [EMAIL_1]"], output.RedactedTexts);
    }

    [Fact]
    public async Task Pii_Actions_RedactOneCategory_FailAnother()
    {
        var outcome = await RunAsync(GuardrailChecks.Pii, """{ "redact": true, "actions": { "credit_card": "fail" } }""",
            "mail jane@example.com, card 4111 1111 1111 1111");
        Assert.False(outcome.Verdict);
        Assert.Equal("found credit_card ×1; redacted email ×1", outcome.Explanation);
        // The card is not replaced (failing is its action); the email still is.
        Assert.Equal(["mail [EMAIL_1], card 4111 1111 1111 1111"], outcome.RedactedTexts);
    }

    [Fact]
    public async Task Pii_Actions_RedactOnlyNamedCategory_WhenDefaultIsFail()
    {
        var outcome = await RunAsync(GuardrailChecks.Pii, """{ "actions": { "email": "redact" } }""", "mail jane@example.com");
        Assert.True(outcome.Verdict);
        Assert.Equal(["mail [EMAIL_1]"], outcome.RedactedTexts);
    }

    [Fact]
    public async Task Pii_Categories_IgnoreTheOthers()
    {
        var outcome = await RunAsync(GuardrailChecks.Pii, """{ "categories": ["email"], "redact": true }""",
            "jane@example.com 4111 1111 1111 1111 +44 20 7946 0958");
        Assert.True(outcome.Verdict);
        Assert.Equal(["[EMAIL_1] 4111 1111 1111 1111 +44 20 7946 0958"], outcome.RedactedTexts);

        // A card is still a card when only phones are looked for: never reported as a phone.
        var phonesOnly = await RunAsync(GuardrailChecks.Pii, """{ "categories": ["phone"] }""", "4111 1111 1111 1111");
        Assert.True(phonesOnly.Verdict);
    }

    [Fact]
    public async Task Pii_Not_InvertsAndNeverRedacts()
    {
        var check = Compile(GuardrailChecks.Pii, """{ "redact": true, "not": true }""");
        var redaction = new RedactionState();
        var outcome = await RunAsync(check, Input(["mail jane@example.com"], redaction));
        Assert.False(outcome.Verdict);
        Assert.Null(outcome.RedactedTexts);
        // The inverted check's placeholders were not counted against the request.
        Assert.Equal("[EMAIL_1]", redaction.Placeholder("email", "other@example.com"));

        Assert.True((await RunAsync(GuardrailChecks.Pii, """{ "not": true }""", "mail jane@example.com")).Verdict);
        Assert.False((await RunAsync(GuardrailChecks.Pii, """{ "not": true }""", "clean")).Verdict);
    }

    [Fact]
    public async Task Pii_Explanation_NeverHoldsTheValues()
    {
        const string Text = "jane@example.com 4111 1111 1111 1111 sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
        var outcome = await RunAsync(GuardrailChecks.Pii, "{}", Text);
        foreach (var value in Text.Split(' '))
        {
            Assert.DoesNotContain(value, outcome.Explanation!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RedactionState_NumbersPerType()
    {
        var state = new RedactionState();
        Assert.Equal("[EMAIL_1]", state.Placeholder("email", "a"));
        Assert.Equal("[CREDIT_CARD_1]", state.Placeholder("credit_card", "1"));
        Assert.Equal("[EMAIL_2]", state.Placeholder("email", "b"));
        Assert.Equal("[EMAIL_1]", state.Placeholder("EMAIL", "a"));
        Assert.Equal("[CREDIT_CARD_2]", state.Placeholder("credit_card", "2"));
        Assert.Equal(4, state.Count);
    }
}
