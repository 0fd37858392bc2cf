using System.Text;
using System.Text.Json;
using DataPlane.Providers.Google;

namespace DataPlane.Tests.Providers.Google;

public sealed class GeminiRequestTranslatorTests
{
    private static JsonElement Translate(string openAiJson, bool stream = false)
    {
        using var buffer = GeminiRequestTranslator.Translate(Encoding.UTF8.GetBytes(openAiJson), stream, out var error);
        Assert.Null(error);
        return JsonDocument.Parse(buffer!.WrittenMemory).RootElement.Clone();
    }

    [Fact]
    public void ConsecutiveTurnsOfOneRole_AreMerged_ToolResultsAndUserTextTogether()
    {
        var request = Translate("""
            {"messages":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"role":"assistant","content":"Checking.","tool_calls":[
                {"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_b","type":"function","function":{"name":"weather_eu","arguments":""}}]},
              {"role":"tool","tool_call_id":"call_a","content":"{\"temp\":18}"},
              {"role":"tool","tool_call_id":"call_b","content":"[1,2]"},
              {"role":"user","content":"And tomorrow?"}]}
            """);

        var contents = request.GetProperty("contents");
        Assert.Equal(["user", "model", "user"], contents.EnumerateArray().Select(c => c.GetProperty("role").GetString()));
        var model = contents[1].GetProperty("parts");
        Assert.Equal("Checking.", model[0].GetProperty("text").GetString());
        Assert.Equal("""{"name":"weather","args":{"city":"Paris"}}""", model[1].GetProperty("functionCall").GetRawText());
        Assert.Equal("""{"name":"weather_eu","args":{}}""", model[2].GetProperty("functionCall").GetRawText());
        Assert.False(model[1].TryGetProperty("thoughtSignature", out _));
        var results = contents[2].GetProperty("parts");
        Assert.Equal(3, results.GetArrayLength());
        Assert.Equal("""{"name":"weather","response":{"temp":18}}""", results[0].GetProperty("functionResponse").GetRawText());
        Assert.Equal("""{"name":"weather_eu","response":{"content":[1,2]}}""", results[1].GetProperty("functionResponse").GetRawText());
        Assert.Equal("And tomorrow?", results[2].GetProperty("text").GetString());
    }

    [Fact]
    public void SystemMessages_GoToSystemInstruction_EmptyTextIsLeftOut()
    {
        var request = Translate("""
            {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":""},{"role":"user","content":"Hi"},
                         {"role":"developer","content":[{"type":"text","text":"No emoji."},{"type":"text","text":""}]},
                         {"role":"assistant","content":""}]}
            """);

        Assert.Equal("""{"parts":[{"text":"Be brief."},{"text":"No emoji."}]}""", request.GetProperty("systemInstruction").GetRawText());
        Assert.Equal("""[{"role":"user","parts":[{"text":"Hi"}]}]""", request.GetProperty("contents").GetRawText());
        Assert.Equal("{}", request.GetProperty("generationConfig").GetRawText());
        Assert.False(request.TryGetProperty("tools", out _));
    }

    [Fact]
    public void LegacyFunctionRole_UsesItsName()
    {
        var request = Translate("""
            {"messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"function_call":{"name":"lookup","arguments":"{\"q\":1}"}},
                         {"role":"function","name":"lookup","content":"plain text"}]}
            """);

        var contents = request.GetProperty("contents");
        Assert.Equal("""{"name":"lookup","args":{"q":1}}""", contents[1].GetProperty("parts")[0].GetProperty("functionCall").GetRawText());
        Assert.Equal("""{"name":"lookup","response":{"content":"plain text"}}""", contents[2].GetProperty("parts")[0].GetProperty("functionResponse").GetRawText());
    }

    [Fact]
    public void ToolCallIdCarryingAThoughtSignature_SendsItBack()
    {
        var id = GeminiToolCallIds.New("c2ln+/==");
        Assert.StartsWith("call_", id);
        var request = Translate($$$"""
            {"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"{{{id}}}","type":"function","function":{"name":"f","arguments":"{}"}}]},
                         {"role":"tool","tool_call_id":"{{{id}}}","content":"ok"}]}
            """);

        var part = request.GetProperty("contents")[1].GetProperty("parts")[0];
        Assert.Equal("c2ln+/==", part.GetProperty("thoughtSignature").GetString());
        Assert.Equal("f", request.GetProperty("contents")[2].GetProperty("parts")[0].GetProperty("functionResponse").GetProperty("name").GetString());
    }

    [Fact]
    public void AudioAndFileParts_BecomeInlineData()
    {
        var request = Translate("""
            {"messages":[{"role":"user","content":[
              {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"mp3"}},
              {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]}
            """);

        var parts = request.GetProperty("contents")[0].GetProperty("parts");
        Assert.Equal("""{"mimeType":"audio/mp3","data":"UklGRg=="}""", parts[0].GetProperty("inlineData").GetRawText());
        Assert.Equal("""{"mimeType":"application/pdf","data":"JVBERi0="}""", parts[1].GetProperty("inlineData").GetRawText());
    }

    [Fact]
    public void EscapedDataUrl_IsUnescapedBeforeSplitting()
    {
        var request = Translate("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image\/gif;base64,R0lG\/w=="}}]}]}""");

        Assert.Equal("""{"mimeType":"image/gif","data":"R0lG/w=="}""", request.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("inlineData").GetRawText());
    }

    [Fact]
    public void FunctionWithoutParameters_IsDeclaredWithoutThem()
    {
        var request = Translate("""
            {"messages":[{"role":"user","content":"x"}],"tools":[
              {"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}},
              {"type":"function","function":{"name":"ping"}}]}
            """);

        Assert.Equal("""[{"functionDeclarations":[{"name":"now"},{"name":"ping"}]}]""", request.GetProperty("tools").GetRawText());
        Assert.False(request.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public void Stream_WithOneChoice_IsAccepted_ButMoreAreNot()
    {
        Translate("""{"n":1,"messages":[{"role":"user","content":"x"}]}""", stream: true);

        using var buffer = GeminiRequestTranslator.Translate("""{"n":3,"messages":[{"role":"user","content":"x"}]}"""u8.ToArray(), stream: true, out var error);
        Assert.Null(buffer);
        Assert.Equal("n", error!.Param);
        Assert.Equal(400, error.Status);
    }
}
