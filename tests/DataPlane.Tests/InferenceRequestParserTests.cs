using System.Text;
using DataPlane.Inference;

namespace DataPlane.Tests;

public sealed class InferenceRequestParserTests
{
    private static InferenceRequest? Parse(string json, out Errors.GatewayError? error) =>
        InferenceRequestParser.Parse(InferenceOperation.ChatCompletions, Encoding.UTF8.GetBytes(json), out error);

    private static InferenceRequest? Parse(InferenceOperation operation, string json, out Errors.GatewayError? error) =>
        InferenceRequestParser.Parse(operation, Encoding.UTF8.GetBytes(json), out error);

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

    [Theory]
    [InlineData("{\"model\":\"m\",\"prompt\":\"Say hi\"}", 1)]
    [InlineData("{\"model\":\"m\",\"prompt\":[\"a\",\"b\"]}", 2)]
    [InlineData("{\"model\":\"m\",\"prompt\":[[1,2,3]]}", 1)]
    public void Completions_CountPromptItems(string json, int items)
    {
        var request = Parse(InferenceOperation.Completions, json, out var error);
        Assert.Null(error);
        Assert.Equal(items, request!.MessageCount);
        Assert.Equal(InferenceOperation.Completions, request.Operation);
    }

    [Theory]
    [InlineData("Completions", "{\"model\":\"m\"}", "prompt")]
    [InlineData("Completions", "{\"model\":\"m\",\"prompt\":5}", "prompt")]
    [InlineData("Embeddings", "{\"model\":\"m\",\"input\":[]}", "input")]
    [InlineData("Embeddings", "{\"model\":\"m\",\"input\":\"\"}", "input")]
    [InlineData("Embeddings", "{\"model\":\"m\",\"input\":{}}", "input")]
    [InlineData("ImageGenerations", "{\"model\":\"m\",\"prompt\":[\"a\"]}", "prompt")]
    [InlineData("ImageGenerations", "{\"model\":\"m\"}", "prompt")]
    [InlineData("ImageGenerations", "{\"prompt\":\"a cat\"}", "model")]
    public void OtherOperations_MissingOrWrongItems_Are400NamingTheField(string operation, string json, string param)
    {
        Assert.Null(Parse(Enum.Parse<InferenceOperation>(operation), json, out var error));
        Assert.Equal(400, error!.Status);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void Embeddings_NeverStream()
    {
        var request = Parse(InferenceOperation.Embeddings, "{\"model\":\"m\",\"input\":\"x\",\"stream\":true}", out _);
        Assert.False(request!.Stream);
    }

    [Fact]
    public void IncludeUsage_WithoutStream_IsIgnored()
    {
        var request = Parse("{\"model\":\"m\",\"stream_options\":{\"include_usage\":true},\"messages\":[{}]}", out _);
        Assert.False(request!.IncludeUsage);
    }
}
