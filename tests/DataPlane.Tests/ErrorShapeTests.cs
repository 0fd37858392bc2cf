using System.Buffers;
using System.Text.Json;
using DataPlane.Errors;

namespace DataPlane.Tests;

public sealed class ErrorShapeTests
{
    [Fact]
    public void Error_IsWrittenInOpenAiShape_WithNullsKept()
    {
        var output = new ArrayBufferWriter<byte>();
        OpenAiErrorWriter.Write(output, GatewayError.InvalidApiKey() with { Code = null });

        using var document = JsonDocument.Parse(output.WrittenMemory);
        var root = document.RootElement;
        Assert.Single(root.EnumerateObject());
        var error = root.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Invalid API key.", error.GetProperty("message").GetString());
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
    }

    [Fact]
    public void Message_WithQuotes_IsEscapedIntoValidJson()
    {
        var output = new ArrayBufferWriter<byte>();
        OpenAiErrorWriter.Write(output, GatewayError.InvalidRequest("bad \"value\"\n<here>", "model"));

        using var document = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("bad \"value\"\n<here>", document.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("model", document.RootElement.GetProperty("error").GetProperty("param").GetString());
    }
}
