using System.Text;
using DataPlane.Providers.Bedrock;
using TestKit.FakeProviders.Bedrock;

namespace DataPlane.Tests.Providers.Bedrock;

/// <summary>
/// The signer against AWS's published SigV4 test suite (aws-sig-v4-test-suite: key AKIDEXAMPLE, 2015-08-30T12:36:00Z,
/// us-east-1, service "service"; the expected Authorization values as AWS publishes them), and a Bedrock request
/// signed with a known key and timestamp, verified by recomputing the signature independently.
/// </summary>
public sealed class SigV4SignerTests
{
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteScope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";
    private const string SuiteToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string, string?, string?, string?, string> Suite() => new()
    {
        { "get-vanilla", "GET", "https://example.amazonaws.com/", null, null, null,
            "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", null, null, null,
            "SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "post-vanilla", "POST", "https://example.amazonaws.com/", null, null, null,
            "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "post-vanilla-query", "POST", "https://example.amazonaws.com/?Param1=value1", null, null, null,
            "SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11" },
        { "post-header-value-case", "POST", "https://example.amazonaws.com/", "My-Header1:VALUE1", null, null,
            "SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d" },
        { "post-x-www-form-urlencoded", "POST", "https://example.amazonaws.com/", "Content-Type:application/x-www-form-urlencoded", "Param1=value1", null,
            "SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a" },
        { "post-sts-header-before", "POST", "https://example.amazonaws.com/", null, null, SuiteToken,
            "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead" },
    };

    [Theory]
    [MemberData(nameof(Suite))]
    public void Sign_AwsTestSuiteCase_MatchesThePublishedAuthorization(string name, string method, string url, string? header, string? body, string? token, string expected)
    {
        List<KeyValuePair<string, string>> headers = header is null ? [] : [new(header[..header.IndexOf(':')], header[(header.IndexOf(':') + 1)..])];
        var signature = SigV4Signer.Sign(method, new Uri(url), headers, Encoding.UTF8.GetBytes(body ?? ""),
            new AwsCredentials("AKIDEXAMPLE", SuiteSecret, token), "us-east-1", "service", SuiteTime);

        Assert.True(SuiteScope + expected == signature.Authorization, $"{name}: {signature.Authorization}");
        Assert.Equal("20150830T123600Z", signature.AmzDate);
        Assert.Equal(token, signature.SecurityToken);
    }

    [Fact]
    public void Sign_BedrockConverseRequest_VerifiesWhenRecomputedWithTheKnownSecret()
    {
        const string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        var uri = new Uri("https://bedrock-runtime.us-west-2.amazonaws.com/model/" + SigV4Signer.UriEncode("anthropic.claude-3-haiku-20240307-v1:0") + "/converse");
        var body = """{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"""u8.ToArray();
        var at = new DateTimeOffset(2025, 11, 3, 9, 15, 30, TimeSpan.Zero);

        var signature = SigV4Signer.Sign("POST", uri, [], body, new AwsCredentials("AKIAIOSFODNN7EXAMPLE", secret, "session-token-1"), "us-west-2", "bedrock", at);

        // The model id's ':' is sent escaped once (%3A) and signed escaped twice (%253A), as AWS's SDKs do for every service but S3.
        Assert.Equal("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", uri.AbsolutePath);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20251103/us-west-2/bedrock/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=",
            signature.Authorization);
        Assert.Equal("20251103T091530Z", signature.AmzDate);
        var received = new Dictionary<string, string>
        {
            ["host"] = uri.Host,
            ["x-amz-date"] = signature.AmzDate,
            ["x-amz-security-token"] = "session-token-1",
            ["authorization"] = signature.Authorization,
        };
        Assert.Null(AwsSigV4Verifier.Verify("POST", uri.AbsolutePath, received, body, "AKIAIOSFODNN7EXAMPLE", secret, "us-west-2", "bedrock"));
        Assert.Contains("/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse\n",
            AwsSigV4Verifier.CanonicalRequest("POST", uri.AbsolutePath, received, ["host", "x-amz-date", "x-amz-security-token"], body), StringComparison.Ordinal);

        // Any change to what was signed — the body, the secret, the time — breaks it.
        Assert.NotNull(AwsSigV4Verifier.Verify("POST", uri.AbsolutePath, received, [.. body, (byte)' '], "AKIAIOSFODNN7EXAMPLE", secret, "us-west-2", "bedrock"));
        Assert.NotNull(AwsSigV4Verifier.Verify("POST", uri.AbsolutePath, received, body, "AKIAIOSFODNN7EXAMPLE", secret + "x", "us-west-2", "bedrock"));
        var later = SigV4Signer.Sign("POST", uri, [], body, new AwsCredentials("AKIAIOSFODNN7EXAMPLE", secret, "session-token-1"), "us-west-2", "bedrock", at.AddSeconds(1));
        Assert.NotEqual(signature.Authorization, later.Authorization);
    }

    [Fact]
    public void Signature_ToStringAndCredentials_NeverShowTheSecret()
    {
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "super-secret-access-key", "token-xyz");
        var signature = SigV4Signer.Sign("POST", new Uri("https://example.amazonaws.com/"), [], [], credentials, "us-east-1", "bedrock", SuiteTime);

        Assert.DoesNotContain("super-secret-access-key", credentials.ToString());
        Assert.DoesNotContain("token-xyz", credentials.ToString());
        Assert.DoesNotContain("super-secret-access-key", signature.Authorization);
        Assert.DoesNotContain("token-xyz", signature.ToString());
    }
}
