using DataPlane.Guardrails.Checks;

namespace DataPlane.Tests.Guardrails.Checks;

/// <summary>What <c>portkey.pii</c> finds, per category: real entities and the look-alikes that must not match.</summary>
public sealed class PiiDetectionTests
{
    private static List<(PiiType Type, string Value)> Scan(string text)
    {
        var spans = new List<PiiSpan>();
        PiiScanner.Scan(text, spans);
        return [.. spans.Select(s => (s.Type, text.Substring(s.Start, s.Length)))];
    }

    private static void AssertFinds(string text, PiiType type, string value) =>
        Assert.Equal([(type, value)], Scan(text));

    [Theory]
    [InlineData("write to jane.doe@example.com today", "jane.doe@example.com")]
    [InlineData("<a+tag_1@mail.example.co.uk>", "a+tag_1@mail.example.co.uk")]
    [InlineData("JOHN@EXAMPLE.ORG.", "JOHN@EXAMPLE.ORG")]
    public void Email_IsFound(string text, string value) => AssertFinds(text, PiiType.Email, value);

    [Theory]
    [InlineData("call +44 20 7946 0958 now", "+44 20 7946 0958")]
    [InlineData("call +1 (415) 555-2671.", "+1 (415) 555-2671")]
    [InlineData("Tel: 0049-30-123456", "0049-30-123456")]
    [InlineData("office (415) 555-2671", "(415) 555-2671")]
    [InlineData("cell 415-555-2671", "415-555-2671")]
    [InlineData("cell 415.555.2671", "415.555.2671")]
    [InlineData("London 020 7946 0958", "020 7946 0958")]
    [InlineData("E.164 +14155552671", "+14155552671")]
    [InlineData("Paris +33 1 42 68 53 00", "+33 1 42 68 53 00")]
    public void Phone_IsFound(string text, string value) => AssertFinds(text, PiiType.Phone, value);

    [Theory]
    [InlineData("4111 1111 1111 1111", "4111 1111 1111 1111")]
    [InlineData("card: 4111-1111-1111-1111, exp 12/29", "4111-1111-1111-1111")]
    [InlineData("card 4111111111111111", "4111111111111111")]
    [InlineData("amex 3782 822463 10005", "3782 822463 10005")]
    [InlineData("mc 5555555555554444.", "5555555555554444")]
    [InlineData("ref 12 4111 1111 1111 1111", "4111 1111 1111 1111")]
    public void CreditCard_IsFound(string text, string value) => AssertFinds(text, PiiType.CreditCard, value);

    [Theory]
    [InlineData("iban GB82 WEST 1234 5698 7654 32 please", "GB82 WEST 1234 5698 7654 32")]
    [InlineData("GB82WEST12345698765432", "GB82WEST12345698765432")]
    [InlineData("DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00")]
    [InlineData("pay FR1420041010050500013M02606 now", "FR1420041010050500013M02606")]
    public void Iban_IsFound(string text, string value) => AssertFinds(text, PiiType.Iban, value);

    [Theory]
    [InlineData("ssn 123-45-6789", "123-45-6789")]
    [InlineData("SSN: 078-05-1120.", "078-05-1120")]
    public void UsSsn_IsFound(string text, string value) => AssertFinds(text, PiiType.UsSsn, value);

    [Theory]
    [InlineData("host 192.168.1.20 is up", "192.168.1.20")]
    [InlineData("from 8.8.8.8.", "8.8.8.8")]
    [InlineData("v6 2001:db8:85a3:0:0:8a2e:370:7334 ok", "2001:db8:85a3:0:0:8a2e:370:7334")]
    [InlineData("v6 2001:db8::1 ok", "2001:db8::1")]
    [InlineData("loopback ::1", "::1")]
    [InlineData("mapped ::ffff:192.0.2.128 here", "::ffff:192.0.2.128")]
    [InlineData("link fe80::1ff:fe23:4567:890a.", "fe80::1ff:fe23:4567:890a")]
    public void IpAddress_IsFound(string text, string value) => AssertFinds(text, PiiType.IpAddress, value);

    [Theory]
    [InlineData("key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z done", "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z")]
    [InlineData("OPENAI_API_KEY=sk-T3BlbkFJa8b7c6d5e4f3g2h1i0jKLMN", "sk-T3BlbkFJa8b7c6d5e4f3g2h1i0jKLMN")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("temp ASIAY34FZKBOKMUTVV7A,", "ASIAY34FZKBOKMUTVV7A")]
    [InlineData(
        "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData(
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234\nabcd==\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234\nabcd==\n-----END RSA PRIVATE KEY-----")]
    [InlineData(
        "x -----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY----- y",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----")]
    public void Secret_IsFound(string text, string value) => AssertFinds(text, PiiType.Secret, value);

    /// <summary>Look-alikes: none of these is PII.</summary>
    [Theory]
    [InlineData("meet on 2024-01-15 at 10:30")]
    [InlineData("created 2024-01-15T10:30:00Z by the job")]
    [InlineData("created 2024-01-15T10:30:00.123+02:00")]
    [InlineData("on 15/01/2024 and 01.02.2024 and 01-02-2024")]
    [InlineData("upgrade to 1.2.3 or 10.0.19045 or v2.10.3")]
    [InlineData("order 123456789 and ORD-2024-000123 and #100234567")]
    [InlineData("ids 12345, 4567, 99")]
    [InlineData("server 999.1.1.1 is not an address")]
    [InlineData("card 4111 1111 1111 1112 fails Luhn")]
    [InlineData("card 0000 0000 0000 0000 is a placeholder")]
    [InlineData("iban GB82 WEST 1234 5698 7654 33 is altered")]
    [InlineData("iban GB83WEST12345698765432 is altered")]
    [InlineData("ssn 000-12-3456 666-12-3456 912-12-3456 123-00-4567 123-45-0000")]
    [InlineData("the time is 10:30:00, the mac 00:1A:2B:3C:4D:5E")]
    [InlineData("std::vector and a :: b")]
    [InlineData("sk-learn is a library; sk-this-is-not-a-real-key-at-all")]
    [InlineData("AKIA1234 is too short; akiaiosfodnn7example is lower case")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9 alone, and eyJub3QiOiJqd3QifQ.eyJhIjoxfQ.sig has no alg")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END EC PRIVATE KEY-----")]
    [InlineData("not an email: user@localhost or @handle or a@b")]
    [InlineData("ratio 3:4 and 1.5 and 100.00 USD")]
    [InlineData("ISBN 978-3-16-148410-0")]
    public void LookAlike_IsNotFound(string text)
    {
        var found = Scan(text);
        Assert.True(found.Count == 0, $"found: {string.Join(", ", found)}");
    }

    [Fact]
    public void MixedText_FindsEachEntityOnce_InOrder()
    {
        var found = Scan("Jane (jane@example.com, +44 20 7946 0958) paid with 4111 1111 1111 1111 from 10.0.0.1; SSN 123-45-6789.");
        Assert.Equal(
            [(PiiType.Email, "jane@example.com"), (PiiType.Phone, "+44 20 7946 0958"), (PiiType.CreditCard, "4111 1111 1111 1111"),
             (PiiType.IpAddress, "10.0.0.1"), (PiiType.UsSsn, "123-45-6789")],
            found);
    }

    [Fact]
    public void CardNumber_IsNeverAlsoAPhone()
    {
        Assert.Equal([(PiiType.CreditCard, "4111-1111-1111-1111")], Scan("+4111-1111-1111-1111"[1..]));
    }
}
