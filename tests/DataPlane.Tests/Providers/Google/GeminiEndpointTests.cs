using Contracts.Snapshots;
using DataPlane.Providers.Google;
using DataPlane.Snapshots;

namespace DataPlane.Tests.Providers.Google;

public sealed class GeminiEndpointTests
{
    private static GeminiEndpoint Resolve(string? baseUrl, string? key = "AIzaKey") =>
        GeminiEndpoint.Resolve(new RuntimeProvider(TestSnapshot.Provider("g", "google", null, baseUrl), key));

    [Theory]
    [InlineData(null, "gemini-2.5-flash", false, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData(null, "gemini-2.5-flash", true, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [InlineData("https://proxy.example/google/", "models/gemini-2.0-flash", false, "https://proxy.example/google/v1beta/models/gemini-2.0-flash:generateContent")]
    [InlineData("https://proxy.example/v1", "gemini-pro", false, "https://proxy.example/v1/models/gemini-pro:generateContent")]
    [InlineData("https://proxy.example/v1beta?team=a", "gemini-pro", true, "https://proxy.example/v1beta/models/gemini-pro:streamGenerateContent?alt=sse&team=a")]
    [InlineData("https://proxy.example/v1beta?team=a", "tunedModels/my-tune", false, "https://proxy.example/v1beta/tunedModels/my-tune:generateContent?team=a")]
    public void Urls_AreVersionedOnce_AndKeepTheBaseQuery(string? baseUrl, string model, bool stream, string expected)
    {
        var endpoint = Resolve(baseUrl);

        Assert.Null(endpoint.Error);
        Assert.Equal(expected, endpoint.UriFor(model, stream).AbsoluteUri);
        Assert.Same(endpoint.UriFor(model, stream), endpoint.UriFor(model, stream));
    }

    [Fact]
    public void KeyIsOnlyInTheHeaderValue_AndAbsentWithoutKey()
    {
        Assert.Equal("AIzaKey", Resolve(null).ApiKey);
        Assert.DoesNotContain("AIzaKey", Resolve(null).UriFor("m", true).AbsoluteUri);
        Assert.Null(Resolve(null, key: null).ApiKey);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://files.example/")]
    public void BadBaseUrl_IsMisconfigured(string baseUrl) =>
        Assert.Equal("provider_misconfigured", Resolve(baseUrl).Error!.Code);
}
