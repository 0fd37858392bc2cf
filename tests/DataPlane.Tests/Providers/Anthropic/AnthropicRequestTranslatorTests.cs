using System.Text;
using System.Text.Json;
using DataPlane.Providers.Anthropic;

namespace DataPlane.Tests.Providers.Anthropic;

public sealed class AnthropicRequestTranslatorTests
{
    private static JsonElement Translate(string openAiJson, bool stream = false, int defaultMaxTokens = 4096)
    {
        using var body = AnthropicRequestTranslator.Translate(Encoding.UTF8.GetBytes(openAiJson), "claude-x", stream, defaultMaxTokens, out var error);
        Assert.Null(error);
        Assert.NotNull(body);
        return JsonDocument.Parse(body.WrittenMemory.ToArray()).RootElement;
    }

    private static string Error(string openAiJson)
    {
        var body = AnthropicRequestTranslator.Translate(Encoding.UTF8.GetBytes(openAiJson), "claude-x", stream: false, 4096, out var error);
        Assert.Null(body);
        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        return error.Message;
    }

    [Fact]
    public void Minimal_HasModelDefaultMaxTokensAndOneUserTurn()
    {
        var sent = Translate("""{"model":"@c/claude","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("""{"model":"claude-x","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""", sent.GetRawText());
    }

    [Fact]
    public void Stream_IsSent_AndStreamOptionsAreNot()
    {
        var sent = Translate("""{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""", stream: true, defaultMaxTokens: 77);

        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.False(sent.TryGetProperty("stream_options", out _));
        Assert.Equal(77, sent.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public void MaxCompletionTokens_WinsOverMaxTokens()
    {
        var sent = Translate("""{"model":"m","max_tokens":10,"max_completion_tokens":20,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(20, sent.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public void EscapedText_IsKeptExactly()
    {
        var sent = Translate("""{"model":"m","messages":[{"role":"user","content":"line1\nline2 \"q\" \u00e9 \ud83d\ude00 a+b<c"}]}""");

        Assert.Equal("line1\nline2 \"q\" é 😀 a+b<c", sent.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void CacheControl_OnPartsAndTools_PassesThrough()
    {
        var sent = Translate("""
            {"model":"m","messages":[
              {"role":"system","content":[{"type":"text","text":"long context","cache_control":{"type":"ephemeral"}}]},
              {"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral","ttl":"1h"}}]}],
             "tools":[{"type":"function","function":{"name":"f"},"cache_control":{"type":"ephemeral"}}]}
            """);

        Assert.Equal("""[{"type":"text","text":"long context","cache_control":{"type":"ephemeral"}}]""", sent.GetProperty("system").GetRawText());
        Assert.Equal("""{"type":"ephemeral","ttl":"1h"}""", sent.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("cache_control").GetRawText());
        Assert.Equal("""[{"name":"f","input_schema":{"type":"object","properties":{}},"cache_control":{"type":"ephemeral"}}]""", sent.GetProperty("tools").GetRawText());
    }

    [Fact]
    public void PdfFilePart_BecomesDocumentBlock()
    {
        var sent = Translate("""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}}]}]}""");

        Assert.Equal(
            """{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0x"}}""",
            sent.GetProperty("messages")[0].GetProperty("content")[0].GetRawText());
    }

    [Fact]
    public void ImageUrlAsPlainString_IsAccepted()
    {
        var sent = Translate("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":"data:image/jpeg;base64,/9j/4AAQ"}]}]}""");

        Assert.Equal(
            """{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}""",
            sent.GetProperty("messages")[0].GetProperty("content")[0].GetRawText());
    }

    [Fact]
    public void AssistantRefusalPart_IsKeptAsText()
    {
        var sent = Translate("""{"model":"m","messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"refusal","refusal":"I can't."}]},{"role":"user","content":"b"}]}""");

        Assert.Equal("I can't.", sent.GetProperty("messages")[1].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void ThinkingAndTopK_PassThrough()
    {
        var sent = Translate("""{"model":"m","top_k":5,"thinking":{"type":"enabled","budget_tokens":2048},"messages":[{"role":"user","content":"a"}]}""");

        Assert.Equal(5, sent.GetProperty("top_k").GetInt32());
        Assert.Equal("""{"type":"enabled","budget_tokens":2048}""", sent.GetProperty("thinking").GetRawText());
    }

    [Fact]
    public void NullOptionalFields_AreLeftOut()
    {
        var sent = Translate("""{"model":"m","stop":null,"temperature":null,"top_p":null,"max_tokens":null,"tools":null,"tool_choice":null,"user":null,"response_format":null,"messages":[{"role":"user","content":"a"}]}""");

        Assert.Equal(["max_tokens", "messages", "model"], sent.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void ResponseFormatText_AddsNoInstruction()
    {
        var sent = Translate("""{"model":"m","response_format":{"type":"text"},"messages":[{"role":"user","content":"a"}]}""");

        Assert.False(sent.TryGetProperty("system", out _));
    }

    [Theory]
    [InlineData("""{"model":"m","messages":"nope"}""", "'messages' must be an array")]
    [InlineData("""{"model":"m","messages":[]}""", "at least one user or assistant message")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":""}]}""", "at least one user or assistant message")]
    [InlineData("""{"model":"m","tools":[{"type":"code_interpreter"}],"messages":[{"role":"user","content":"a"}]}""", "Only tools of type 'function'")]
    [InlineData("""{"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"sometimes","messages":[{"role":"user","content":"a"}]}""", "tool_choice 'sometimes'")]
    [InlineData("""{"model":"m","stop":[1,2],"messages":[{"role":"user","content":"a"}]}""", "'stop' must be")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}""", "must be a JSON object")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}]}""", "need an 'id'")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-abc"}}]}]}""", "file_id is not supported")]
    public void Untranslatable_IsA400NamingTheProblem(string json, string message)
    {
        Assert.Contains(message, Error(json));
    }
}
