using System.Text.RegularExpressions;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// Source-generated candidate patterns of <c>portkey.pii</c>; <see cref="PiiValidation"/> confirms each candidate (checksums,
/// ranges, shapes). Each pattern is anchored by look-arounds so that a candidate is never a piece of a longer token.
/// </summary>
internal static partial class PiiPatterns
{
    /// <summary>How long one pattern may run on one text before the scan gives up (and the check fails).</summary>
    public const int TimeoutMs = 250;

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])", Options, TimeoutMs)]
    public static partial Regex Email();

    /// <summary>Optional <c>+CC</c>, optional <c>(area)</c>, then digit groups split by one space, dot or dash.</summary>
    [GeneratedRegex(@"(?<![\w+(.:/-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,12}){0,6}(?!\w|[.:/-]\d)", Options, TimeoutMs)]
    public static partial Regex Phone();

    /// <summary>13–19 digits starting 2–6 (the card networks' ranges), optionally grouped by spaces or dashes.</summary>
    [GeneratedRegex(@"(?<![\w-])[2-6]\d{3}(?:[ -]?\d){9,15}(?!\w|-\d)", Options, TimeoutMs)]
    public static partial Regex CreditCard();

    /// <summary>Country code, check digits, then the account in groups of four (spaced or not).</summary>
    [GeneratedRegex(@"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?\b", Options, TimeoutMs)]
    public static partial Regex Iban();

    [GeneratedRegex(@"(?<![\w-])\d{3}-\d{2}-\d{4}(?!\w|-\d)", Options, TimeoutMs)]
    public static partial Regex UsSsn();

    [GeneratedRegex(@"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)", Options, TimeoutMs)]
    public static partial Regex IPv4();

    /// <summary>Colon-separated hex groups (<c>::</c> allowed), optionally ending in a dotted IPv4; IPAddress decides.</summary>
    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![\w:])", Options, TimeoutMs)]
    public static partial Regex IPv6();

    /// <summary>OpenAI-style keys: <c>sk-…</c>, <c>sk-proj-…</c>, <c>sk-svcacct-…</c>.</summary>
    [GeneratedRegex(@"(?<![\w-])sk-[A-Za-z0-9_-]{20,256}(?![\w-])", Options, TimeoutMs)]
    public static partial Regex ApiKey();

    /// <summary>AWS access key ids: long-term (<c>AKIA</c>) and temporary (<c>ASIA</c>).</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])", Options, TimeoutMs)]
    public static partial Regex AwsAccessKey();

    /// <summary>Three base64url parts, the header a JSON object (<c>eyJ</c> = <c>{"</c>); the signature may be empty (<c>alg: none</c>).</summary>
    [GeneratedRegex(@"(?<![\w-])eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?![\w-])", Options, TimeoutMs)]
    public static partial Regex Jwt();

    /// <summary>A PEM private-key block, BEGIN and END with the same label (RSA, EC, OPENSSH, ENCRYPTED…).</summary>
    [GeneratedRegex(@"-----BEGIN (?<label>(?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?-----END \k<label>PRIVATE KEY-----", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex PrivateKey();
}
