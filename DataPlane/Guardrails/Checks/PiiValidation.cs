using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace DataPlane.Guardrails.Checks;

/// <summary>Confirms the candidates <see cref="PiiPatterns"/> finds: checksums (Luhn, IBAN mod 97), ranges, shapes.</summary>
internal static class PiiValidation
{
    public static bool IsEmail(ReadOnlySpan<char> candidate)
    {
        var at = candidate.IndexOf('@');
        var local = candidate[..at];
        return local.Length > 0 && local[0] != '.' && local[^1] != '.' && !local.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>
    /// A phone number: 7–15 digits (E.164) written the way phone numbers are — international (<c>+44 20 7946 0958</c>,
    /// <c>0049-30-123456</c>), with an area code in brackets (<c>(415) 555-2671</c>), North-American <c>415-555-2671</c>, or
    /// national with a trunk 0 (<c>020 7946 0958</c>). Not dates, versions, IPs, times or bare digit runs (order ids).
    /// </summary>
    public static bool IsPhone(ReadOnlySpan<char> candidate)
    {
        Span<int> groups = stackalloc int[10];
        var groupCount = 0;
        var digits = 0;
        var run = 0;
        var hasParens = false;
        var hasDot = false;
        var separator = '\0';
        var mixedSeparators = false;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                run++;
                continue;
            }

            if (run > 0)
            {
                if (groupCount == groups.Length)
                {
                    return false;
                }

                groups[groupCount++] = run;
                run = 0;
            }

            switch (c)
            {
                case '(' or ')':
                    hasParens = true;
                    break;
                case '.' or '-' or ' ':
                    hasDot |= c == '.';
                    mixedSeparators |= separator != '\0' && separator != c;
                    separator = c;
                    break;
            }
        }

        if (run > 0)
        {
            if (groupCount == groups.Length)
            {
                return false;
            }

            groups[groupCount++] = run;
        }

        if (digits is < 7 or > 15)
        {
            return false;
        }

        groups = groups[..groupCount];
        var plus = candidate[0] == '+';
        if (!plus && groupCount == 3 && ((groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2) || (groups[0] <= 2 && groups[1] <= 2 && groups[2] == 4)))
        {
            return false; // 2024-01-15, 15-01-2024
        }

        if (plus)
        {
            return digits >= 8;
        }

        if (candidate.StartsWith("00") && groupCount >= 2)
        {
            return digits >= 10; // 0049-30-123456
        }

        if (hasParens)
        {
            return digits >= 9 && candidate[0] == '(' && groupCount >= 2;
        }

        if (groupCount == 3 && groups[0] == 3 && groups[1] == 3 && groups[2] == 4 && !mixedSeparators && candidate[0] is >= '2' and <= '9')
        {
            return true; // 415-555-2671, 415.555.2671, 415 555 2671
        }

        if (candidate[0] == '0' && !hasDot && groupCount >= 2 && digits is >= 9 and <= 12)
        {
            foreach (var length in groups)
            {
                if (length < 2)
                {
                    return false;
                }
            }

            return true; // 020 7946 0958, 030-1234567
        }

        return false;
    }

    /// <summary>
    /// A card number passing Luhn. When the whole candidate fails, its separator-delimited windows are tried, longest first
    /// (a reference number glued in front of a card). <paramref name="start"/>/<paramref name="length"/>: the part that passed.
    /// </summary>
    public static bool IsCreditCard(ReadOnlySpan<char> candidate, out int start, out int length)
    {
        start = 0;
        length = candidate.Length;
        if (IsCardNumber(candidate))
        {
            return true;
        }

        // Group boundaries: the positions where a digit run starts.
        Span<int> starts = stackalloc int[20];
        Span<int> ends = stackalloc int[20];
        var groups = 0;
        for (var i = 0; i < candidate.Length && groups < starts.Length; i++)
        {
            if (char.IsAsciiDigit(candidate[i]) && (i == 0 || !char.IsAsciiDigit(candidate[i - 1])))
            {
                starts[groups] = i;
                var j = i;
                while (j < candidate.Length && char.IsAsciiDigit(candidate[j]))
                {
                    j++;
                }

                ends[groups++] = j;
            }
        }

        for (var count = groups - 1; count >= 2; count--)
        {
            for (var first = 0; first + count <= groups; first++)
            {
                var window = candidate[starts[first]..ends[first + count - 1]];
                if (window[0] is >= '2' and <= '6' && IsCardNumber(window))
                {
                    start = starts[first];
                    length = window.Length;
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsCardNumber(ReadOnlySpan<char> candidate)
    {
        var digits = 0;
        var sum = 0;
        var distinct = 0;
        var seen = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if ((seen & (1 << d)) == 0)
            {
                seen |= 1 << d;
                distinct++;
            }

            if (digits++ % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        // One repeated digit (0000 0000 0000 0000 passes Luhn) is a placeholder, not a card.
        return digits is >= 13 and <= 19 && sum % 10 == 0 && distinct > 1;
    }

    /// <summary>
    /// An IBAN: 15–34 characters whose mod-97 check (ISO 13616) gives 1. When the candidate fails and is written in groups,
    /// trailing groups are dropped one by one (a word glued after it). <paramref name="length"/>: the part that passed.
    /// </summary>
    public static bool IsIban(ReadOnlySpan<char> candidate, out int length)
    {
        length = candidate.Length;
        while (true)
        {
            if (IsIbanChecksum(candidate[..length]))
            {
                return true;
            }

            var space = candidate[..length].LastIndexOf(' ');
            if (space < 0)
            {
                return false;
            }

            length = space;
        }
    }

    private static bool IsIbanChecksum(ReadOnlySpan<char> candidate)
    {
        Span<char> compact = stackalloc char[34];
        var n = 0;
        foreach (var c in candidate)
        {
            if (c == ' ')
            {
                continue;
            }

            if (n == compact.Length)
            {
                return false;
            }

            compact[n++] = char.ToUpperInvariant(c);
        }

        if (n < 15 || !char.IsAsciiLetterUpper(compact[0]) || !char.IsAsciiLetterUpper(compact[1]))
        {
            return false;
        }

        // Move the first four characters to the end, letters as 10..35, and take the remainder digit by digit.
        var remainder = 0;
        for (var i = 0; i < n; i++)
        {
            var c = compact[(i + 4) % n];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>AAA-GG-SSSS with the areas never issued (000, 666, 900–999), group 00 and serial 0000 excluded.</summary>
    public static bool IsUsSsn(ReadOnlySpan<char> candidate)
    {
        var area = candidate[..3];
        var group = candidate[4..6];
        var serial = candidate[7..];
        return area is not ("000" or "666") && area[0] != '9' && group is not "00" && serial is not "0000";
    }

    /// <summary>Four octets 0–255, no leading zeros (<c>010.1.1.1</c> reads as octal to some tools: not an address here).</summary>
    public static bool IsIPv4(ReadOnlySpan<char> candidate)
    {
        foreach (var range in candidate.Split('.'))
        {
            var octet = candidate[range];
            if (octet.Length > 1 && octet[0] == '0')
            {
                return false;
            }

            if (!int.TryParse(octet, out var value) || value > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses as IPv6 and has at least two groups, or starts with <c>::</c> (<c>::1</c>) — not a lone <c>::</c>.</summary>
    public static bool IsIPv6(ReadOnlySpan<char> candidate)
    {
        if (!IPAddress.TryParse(candidate, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var groups = 0;
        foreach (var range in candidate.Split(':'))
        {
            if (!candidate[range].IsEmpty)
            {
                groups++;
            }
        }

        return groups >= 2 || (groups == 1 && candidate.StartsWith("::"));
    }

    /// <summary>An <c>sk-</c> key: its body mixes upper case, lower case and digits, as generated keys do (prose does not).</summary>
    public static bool IsApiKey(ReadOnlySpan<char> candidate)
    {
        bool upper = false, lower = false, digit = false;
        foreach (var c in candidate[3..])
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
        }

        return upper && lower && digit;
    }

    /// <summary>A JWT: the header decodes (base64url) to a JSON object with a string <c>alg</c>.</summary>
    public static bool IsJwt(ReadOnlySpan<char> candidate)
    {
        var header = candidate[..candidate.IndexOf('.')];
        if (header.Length > 2048)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Base64Url.GetMaxDecodedLength(header.Length)];
        if (Base64Url.DecodeFromChars(header, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes[..written]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var hasAlg = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAlg = reader.ValueTextEquals("alg"u8);
                reader.Read();
                hasAlg |= isAlg && reader.TokenType == JsonTokenType.String;
                reader.Skip();
            }

            return hasAlg && reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
