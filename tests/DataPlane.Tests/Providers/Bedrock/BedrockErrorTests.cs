using System.Net;
using TestKit.FakeProviders;
using TestKit.FakeProviders.Bedrock;

namespace DataPlane.Tests.Providers.Bedrock;

/// <summary>Bedrock's errors (<c>{"message"}</c> + <c>x-amzn-ErrorType</c>) in OpenAI's shape with <c>provider</c>; bad signatures and configurations.</summary>
public sealed class BedrockErrorTests(BedrockUpstreamFixture fixture) : ServiceTestBase(fixture.Factory), IClassFixture<BedrockUpstreamFixture>
{
    private const string Model = "mistral.mistral-large-2407-v1:0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeBedrockServer Fake => fixture.Fake;

    [Theory]
    [InlineData(400, "ValidationException", "invalid_request_error")]
    [InlineData(403, "AccessDeniedException", "permission_error")]
    [InlineData(404, "ResourceNotFoundException", "not_found_error")]
    [InlineData(429, "ThrottlingException", "rate_limit_error")]
    [InlineData(503, "ServiceUnavailableException", "server_error")]
    public async Task Chat_UpstreamError_KeepsStatus_MapsTypeFromErrorTypeHeader(int status, string exception, string type)
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Status(status, "Bedrock says no", exception));
        using var response = await client.SendAsync(Chat(Body("@aws/" + Model), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, (HttpStatusCode)status);
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(exception, error.GetProperty("code").GetString());
        Assert.Equal("Bedrock says no", error.GetProperty("message").GetString());
        Assert.Contains("\"provider\":\"aws\"", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Chat_WrongSecretAccessKey_Is403InvalidSignature_WithoutTheKey()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@aws-wrong/" + Model), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal("InvalidSignatureException", error.GetProperty("code").GetString());
        Assert.DoesNotContain("not-the-secret-access-key", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Chat_ProviderWithoutRegion_Is502Misconfigured_WithoutACall()
    {
        var client = await ReadyClientAsync();
        var before = Fake.RequestCount;
        using var response = await client.SendAsync(Chat(Body("@aws-noregion/" + Model), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("provider_misconfigured", error.GetProperty("code").GetString());
        Assert.Contains("region", error.GetProperty("message").GetString());
        Assert.Equal(before, Fake.RequestCount);
    }

    [Fact]
    public async Task Chat_UpstreamHangs_Is504()
    {
        var client = await ReadyClientAsync();
        Fake.EnqueueFault(FakeFault.Hang());
        using var response = await client.SendAsync(Chat(Body("@aws/" + Model), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Equal("upstream_timeout", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Chat_NothingListens_Is502Unreachable()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Chat(Body("@aws-dead/" + Model), TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("upstream_unreachable", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Chat_ImageByLink_Is400WithoutACall()
    {
        var client = await ReadyClientAsync();
        var before = Fake.RequestCount;
        using var response = await client.SendAsync(Chat($$$$"""
            {"model":"@aws/{{{{Model}}}}","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}
            """, TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("data: URLs", error.GetProperty("message").GetString());
        Assert.Equal(before, Fake.RequestCount);
    }

    [Fact]
    public async Task Embeddings_AreNotSupported_Is400()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Post("/v1/embeddings", """{"model":"@aws/amazon.titan-embed-text-v2:0","input":"hi"}""", TestSnapshot.CompletionKey), Ct);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("operation_not_supported", error.GetProperty("code").GetString());
    }
}
