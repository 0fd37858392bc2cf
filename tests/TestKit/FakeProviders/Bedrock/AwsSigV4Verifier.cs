using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TestKit.FakeProviders.Bedrock;

/// <summary>
/// Checks a SigV4-signed request the way AWS does, written apart from the gateway's signer: the <c>Authorization</c>
/// header's shape, the scope (date, region, service), then the signature recomputed from what arrived — method, the raw
/// path (each segment encoded again, as every service but S3 signs it), sorted query, the signed headers' received values,
/// the SHA-256 of the body — with the known secret.
/// </summary>
public static partial class AwsSigV4Verifier
{
    /// <returns>Null when the signature verifies; else what is wrong (in AWS's words where it has them).</returns>
    public static string? Verify(string method, string rawTarget, IReadOnlyDictionary<string, string> headers, byte[] body,
        string accessKeyId, string secretAccessKey, string region, string service)
    {
        if (!headers.TryGetValue("authorization", out var authorization))
        {
            return "MissingAuthenticationToken: Missing Authentication Token";
        }

        var match = AuthorizationShape().Match(authorization);
        if (!match.Success)
        {
            return "IncompleteSignature: Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.";
        }

        var (keyId, date, scopeRegion, scopeService) = (match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value);
        if (keyId != accessKeyId)
        {
            return "UnrecognizedClient: The security token included in the request is invalid.";
        }

        if (scopeRegion != region || scopeService != service)
        {
            return $"InvalidSignature: Credential should be scoped to a valid region/service ('{region}'/'{service}').";
        }

        if (!headers.TryGetValue("x-amz-date", out var amzDate) || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return "InvalidSignature: X-Amz-Date is missing or does not match the credential scope date.";
        }

        var signedHeaders = match.Groups["signed"].Value.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return "InvalidSignature: host and x-amz-date must be signed.";
        }

        var canonical = CanonicalRequest(method, rawTarget, headers, signedHeaders, body);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return expected == match.Groups["signature"].Value
            ? null
            : "InvalidSignature: The request signature we calculated does not match the signature you provided. "
              + "Check your AWS Secret Access Key and signing method.";
    }

    /// <summary>The canonical request AWS builds from a received request.</summary>
    public static string CanonicalRequest(string method, string rawTarget, IReadOnlyDictionary<string, string> headers, IEnumerable<string> signedHeaders, byte[] body)
    {
        var question = rawTarget.IndexOf('?');
        var path = question < 0 ? rawTarget : rawTarget[..question];
        var query = question < 0 ? "" : rawTarget[(question + 1)..];
        var canonicalPath = string.Join('/', path.Split('/').Select(Encode));
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
        var names = signedHeaders.ToList();
        var canonicalHeaders = string.Concat(names.Select(n => n + ":" + Regex.Replace((headers.TryGetValue(n, out var v) ? v : "").Trim(), " +", " ") + "\n"));
        return $"{method}\n{canonicalPath}\n{canonicalQuery}\n{canonicalHeaders}\n{string.Join(';', names)}\n{Hex(SHA256.HashData(body))}";
    }

    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' ? c.ToString() : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[A-Za-z0-9]+)/(?<date>[0-9]{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9-]+(;[a-z0-9-]+)*), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationShape();
}
