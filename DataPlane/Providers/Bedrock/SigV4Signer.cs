using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// AWS Signature Version 4 for one request (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
/// canonical request (method, canonical URI, sorted query, sorted lower-case headers with trimmed values, signed header
/// list, SHA-256 of the payload) → string to sign (<c>AWS4-HMAC-SHA256</c>, timestamp, scope, hash of the canonical
/// request) → signing key (HMAC chain <c>"AWS4"+secret</c> → date → region → service → <c>aws4_request</c>) → signature.
/// Checked against AWS's published test suite (get-vanilla, post-vanilla, …). The secret never leaves this class.
/// <para>Signed headers: <c>host</c>, <c>x-amz-date</c>, <c>x-amz-security-token</c> when there is a session token,
/// and whatever the caller adds. The canonical URI encodes each segment of the path as sent once more (every service but
/// S3 does): a Bedrock model id <c>…-v1:0</c> is sent as <c>…-v1%3A0</c> and signed as <c>…-v1%253A0</c>.</para>
/// </summary>
internal static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Signs a request; the caller sends the returned headers (<c>x-amz-date</c>, <c>authorization</c>, the token).</summary>
    /// <param name="extraHeaders">Further headers to sign (sent by the caller exactly as given).</param>
    public static SigV4Signature Sign(string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> extraHeaders, ReadOnlySpan<byte> payload,
        AwsCredentials credentials, string region, string service, DateTimeOffset now)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var headers = new List<KeyValuePair<string, string>>(extraHeaders.Count + 3)
        {
            new("host", HostOf(uri)),
            new("x-amz-date", amzDate),
        };
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            headers.Add(new("x-amz-security-token", credentials.SessionToken));
        }

        foreach (var header in extraHeaders)
        {
            headers.Add(new(header.Key.ToLowerInvariant(), header.Value));
        }

        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(headers);
        var canonicalRequest = string.Join('\n',
            method.ToUpperInvariant(),
            CanonicalUri(uri.AbsolutePath),
            CanonicalQuery(uri.Query),
            canonicalHeaders,
            signedHeaders,
            Hex(SHA256.HashData(payload)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = SigningKey(credentials.SecretAccessKey, date, region, service);
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(authorization, amzDate, string.IsNullOrEmpty(credentials.SessionToken) ? null : credentials.SessionToken);
    }

    /// <summary>The Host header value HttpClient sends for <paramref name="uri"/>.</summary>
    public static string HostOf(Uri uri) => uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Encodes a string the SigV4 way: every byte but <c>A-Z a-z 0-9 - _ . ~</c> as <c>%XX</c> (upper-case hex).</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CanonicalUri(string escapedPath)
    {
        if (string.IsNullOrEmpty(escapedPath))
        {
            return "/";
        }

        var segments = escapedPath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = UriEncode(segments[i]);
        }

        return string.Join('/', segments);
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(part[(equals + 1)..]);
            pairs.Add((UriEncode(name), UriEncode(value)));
        }

        pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.Value, b.Value));
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    private static (string Canonical, string Signed) CanonicalHeaders(List<KeyValuePair<string, string>> headers)
    {
        // Repeated names join their values with commas, in the order given; values trimmed, inner runs of spaces collapsed.
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            if (!byName.TryGetValue(name, out var values))
            {
                byName[name] = values = [];
            }

            values.Add(CollapseSpaces(value));
        }

        var canonical = new StringBuilder();
        foreach (var (name, values) in byName)
        {
            canonical.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', byName.Keys));
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
