using System.Text;
using DataPlane.Inference;

namespace DataPlane.Tests;

public sealed class ChatRequestParserTests
{
    private static ChatRequest? Parse(string json, out Errors.GatewayError? error) =>
        ChatRequestParser.Parse(Encoding.UTF8.GetBytes(json), out error);

    [Fact]
    public void ReadsRoutingFields_AndSkipsTheRest()
    {
        var request = Parse("""
            {"temperature": 0.2, "tools": [{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
             "model": "@p/m", "stream": true, "stream_options": {"include_usage": true}, "max_tokens": 50,
             "messages": [{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"hi"}]}]}
            """, out var error);

        Assert.Null(error);
        Assert.NotNull(request);
        Assert.Equal("@p/m", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal(50, request.MaxTokens);
        Assert.Equal(2, request.MessageCount);
    }

    [Theory]
    [InlineData("{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{}]}", "stream")]
    [InlineData("{\"model\":5,\"messages\":[{}]}", "model")]
    [InlineData("{\"model\":\"  \",\"messages\":[{}]}", "model")]
    [InlineData("{\"model\":\"m\",\"messages\":[1]}", "messages[0]")]
    public void WrongFieldTypes_Are400NamingTheField(string json, string param)
    {
        Assert.Null(Parse(json, out var error));
        Assert.Equal(400, error!.Status);
        Assert.Equal(param, error.Param);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"model\":\"m\",\"messages\":[{}]}{}")]
    [InlineData("{\"model\":\"m\" \"messages\":[{}]}")]
    public void MalformedJson_Is400InvalidJson(string json)
    {
        Assert.Null(Parse(json, out var error));
        Assert.Equal(400, error!.Status);
        Assert.Equal("invalid_json", error.Code);
    }
}
