using System.Text;
using Contracts.Snapshots;
using DataPlane.Providers.Http;
using DataPlane.Snapshots;

namespace DataPlane.Tests.Providers.Unit;

public sealed class UpstreamErrorsTests
{
    private const string Key = "sk-secret-0123456789";
    private static readonly RuntimeProvider Provider = new(new ProviderEntry { Id = Guid.NewGuid(), Slug = "p", Name = "p", AiProvider = "openai" }, Key);

    private static DataPlane.Errors.GatewayError Map(int status, string body) =>
        UpstreamErrors.FromBody(status, Encoding.UTF8.GetBytes(body), Provider, retryAfter: null);

    [Fact]
    public void OpenAiShape_KeepsMessageTypeParamAndCode()
    {
        var error = Map(400, """{"error":{"message":"bad temperature","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}""");
        Assert.Equal((400, "bad temperature", "invalid_request_error", "temperature", "invalid_value", "p"), (error.Status, error.Message, error.Type, error.Param, error.Code, error.Provider));
    }

    [Theory]
    [InlineData("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", "Overloaded", "overloaded_error")]
    [InlineData("""[{"error":{"code":529,"message":"The model is overloaded.","status":"UNAVAILABLE"}}]""", "The model is overloaded.", "UNAVAILABLE")]
    [InlineData("""{"error":"model not found"}""", "model not found", "server_error")]
    [InlineData("""{"object":"error","message":"Rate limit","type":"rate_limited"}""", "Rate limit", "rate_limited")]
    [InlineData("""{"detail":"Not authenticated"}""", "Not authenticated", "server_error")]
    public void OtherProviderShapes_GiveTheirMessage(string body, string message, string type)
    {
        var error = Map(503, body);
        Assert.Equal(message, error.Message);
        Assert.Equal(type, error.Type);
    }

    [Theory]
    [InlineData(429, "rate_limit_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(422, "invalid_request_error")]
    public void NonJsonBody_GetsAGenericMessageAndATypeFromTheStatus(int status, string type)
    {
        var error = Map(status, "<html>nope</html>");
        Assert.Equal(type, error.Type);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void ProviderKeyInMessage_IsScrubbed()
    {
        var error = Map(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}"}}""");
        Assert.DoesNotContain(Key, error.Message);
    }
}
