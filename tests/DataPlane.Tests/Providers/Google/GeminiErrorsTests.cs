using System.Text;
using DataPlane.Providers.Google;
using DataPlane.Snapshots;

namespace DataPlane.Tests.Providers.Google;

public sealed class GeminiErrorsTests
{
    private static readonly RuntimeProvider Provider = new(TestSnapshot.Provider("gem", "google", null), "AIzaSecretKey123456");

    [Fact]
    public void ObjectForm_MapsStatusNameToTypeAndCode()
    {
        var error = GeminiErrors.FromBody(429, Encoding.UTF8.GetBytes("""
            {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"21s"}]}}
            """), Provider, "21");

        Assert.Equal(429, error.Status);
        Assert.Equal("rate_limit_error", error.Type);
        Assert.Equal("resource_exhausted", error.Code);
        Assert.Equal("Resource has been exhausted (e.g. check quota).", error.Message);
        Assert.Equal("gem", error.Provider);
        Assert.Equal("21", error.RetryAfter);
    }

    [Fact]
    public void NonJsonBody_GetsATypeFromTheHttpStatus()
    {
        var error = GeminiErrors.FromBody(502, "<html>Bad Gateway</html>"u8, Provider, null);

        Assert.Equal("server_error", error.Type);
        Assert.Null(error.Code);
        Assert.Contains("502", error.Message);
    }

    [Fact]
    public void InStreamError_ScrubsTheKey()
    {
        var error = GeminiErrors.InStream(new GeminiError(400, "Key AIzaSecretKey123456 is bad", "INVALID_ARGUMENT"), Provider);

        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("Key *** is bad", error.Message);
        Assert.Equal("invalid_argument", error.Code);
    }
}
