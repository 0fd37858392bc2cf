using System.Text.RegularExpressions;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// Finds PII in one text: each type's patterns in <see cref="PiiType"/> order, each candidate confirmed by
/// <see cref="PiiValidation"/>, a span already claimed never claimed again. Cheap pre-checks (no digit, no <c>@</c>…) skip
/// patterns that cannot match. All types are scanned even when only some are acted on, so that, say, a card number is never
/// reported as a phone number because cards are not looked for.
/// </summary>
internal static class PiiScanner
{
    /// <summary>Appends the entities of <paramref name="text"/> to <paramref name="spans"/> (cleared first), sorted by position.</summary>
    /// <exception cref="RegexMatchTimeoutException">A pattern ran too long.</exception>
    public static void Scan(string text, List<PiiSpan> spans)
    {
        spans.Clear();
        var span = text.AsSpan();
        // Digit-based types need at least this many digits: prose with a year in it skips most patterns.
        var digits = CountDigits(span);
        var hasDigit = digits > 0;

        if (span.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            Collect(text, PiiPatterns.PrivateKey(), PiiType.Secret, static _ => true, spans);
        }

        if (span.Contains("eyJ", StringComparison.Ordinal))
        {
            Collect(text, PiiPatterns.Jwt(), PiiType.Secret, static c => PiiValidation.IsJwt(c), spans);
        }

        if (span.Contains("sk-", StringComparison.Ordinal))
        {
            Collect(text, PiiPatterns.ApiKey(), PiiType.Secret, static c => PiiValidation.IsApiKey(c), spans);
        }

        if (hasDigit && (span.Contains("AKIA", StringComparison.Ordinal) || span.Contains("ASIA", StringComparison.Ordinal)))
        {
            Collect(text, PiiPatterns.AwsAccessKey(), PiiType.Secret, static _ => true, spans);
        }

        if (span.Contains('@'))
        {
            Collect(text, PiiPatterns.Email(), PiiType.Email, static c => PiiValidation.IsEmail(c), spans);
        }

        if (digits >= 2)
        {
            CollectTrimmed(text, PiiPatterns.Iban(), PiiType.Iban, spans);
        }

        if (digits >= 13)
        {
            CollectTrimmed(text, PiiPatterns.CreditCard(), PiiType.CreditCard, spans);
        }

        if (digits >= 9 && span.Contains('-'))
        {
            Collect(text, PiiPatterns.UsSsn(), PiiType.UsSsn, static c => PiiValidation.IsUsSsn(c), spans);
        }

        // IPv6 first: an IPv4-mapped address (::ffff:192.0.2.128) ends in an IPv4 one.
        if (span.Contains(':'))
        {
            Collect(text, PiiPatterns.IPv6(), PiiType.IpAddress, static c => PiiValidation.IsIPv6(c), spans);
        }

        if (digits >= 4 && span.Contains('.'))
        {
            Collect(text, PiiPatterns.IPv4(), PiiType.IpAddress, static c => PiiValidation.IsIPv4(c), spans);
        }

        if (digits >= 7)
        {
            Collect(text, PiiPatterns.Phone(), PiiType.Phone, static c => PiiValidation.IsPhone(c), spans);
        }

        if (spans.Count > 1)
        {
            spans.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        }
    }

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        var next = text.IndexOfAnyInRange('0', '9');
        while (next >= 0)
        {
            count++;
            text = text[(next + 1)..];
            next = text.IndexOfAnyInRange('0', '9');
        }

        return count;
    }

    private static void Collect(string text, Regex pattern, PiiType type, Func<ReadOnlySpan<char>, bool> confirm, List<PiiSpan> spans)
    {
        foreach (var match in pattern.EnumerateMatches(text))
        {
            if (!IsClaimed(spans, match.Index, match.Length) && confirm(text.AsSpan(match.Index, match.Length)))
            {
                spans.Add(new PiiSpan(match.Index, match.Length, type));
            }
        }
    }

    /// <summary>For the types whose confirmation may keep only part of the candidate (IBAN, card).</summary>
    private static void CollectTrimmed(string text, Regex pattern, PiiType type, List<PiiSpan> spans)
    {
        foreach (var match in pattern.EnumerateMatches(text))
        {
            var candidate = text.AsSpan(match.Index, match.Length);
            var start = 0;
            int length;
            var confirmed = type == PiiType.Iban
                ? PiiValidation.IsIban(candidate, out length)
                : PiiValidation.IsCreditCard(candidate, out start, out length);
            if (confirmed && !IsClaimed(spans, match.Index + start, length))
            {
                spans.Add(new PiiSpan(match.Index + start, length, type));
            }
        }
    }

    private static bool IsClaimed(List<PiiSpan> spans, int start, int length)
    {
        foreach (var claimed in spans)
        {
            if (claimed.Overlaps(start, length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The form two mentions of one value share (so both get one placeholder): digits only, upper case, or lower case.</summary>
    public static string Normalize(PiiType type, ReadOnlySpan<char> value) => type switch
    {
        PiiType.Phone or PiiType.CreditCard or PiiType.UsSsn => KeepDigits(value, keepPlus: type == PiiType.Phone),
        PiiType.Iban => string.Create(value.Length - value.Count(' '), value.ToString(), static (buffer, source) =>
        {
            var n = 0;
            foreach (var c in source)
            {
                if (c != ' ')
                {
                    buffer[n++] = char.ToUpperInvariant(c);
                }
            }
        }),
        PiiType.Email or PiiType.IpAddress => value.ToString().ToLowerInvariant(),
        _ => value.ToString(),
    };

    private static string KeepDigits(ReadOnlySpan<char> value, bool keepPlus)
    {
        Span<char> buffer = stackalloc char[value.Length];
        var n = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c) || (keepPlus && c == '+'))
            {
                buffer[n++] = c;
            }
        }

        return buffer[..n].ToString();
    }
}
