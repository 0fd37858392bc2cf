using System.Text;
using System.Text.Json;
using DataPlane.Providers.Bedrock;

namespace DataPlane.Tests.Providers.Bedrock;

/// <summary>OpenAI chat bodies → Converse bodies, and Converse answers → assistant messages.</summary>
public sealed class ConverseRequestTranslatorTests
{
    private static JsonElement Translate(string openAi)
    {
        using var body = ConverseRequestTranslator.Translate(Encoding.UTF8.GetBytes(openAi), out var error);
        Assert.Null(error);
        return JsonDocument.Parse(body!.WrittenMemory.ToArray()).RootElement;
    }

    [Fact]
    public void Translate_SystemAndDeveloper_GoToSystemBlocks()
    {
        var converse = Translate("""{"messages":[{"role":"system","content":"one"},{"role":"developer","content":[{"type":"text","text":"two"}]},{"role":"user","content":"hi"}]}""");

        Assert.Equal(["one", "two"], converse.GetProperty("system").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
        Assert.Equal(1, converse.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public void Translate_ConsecutiveToolMessages_BecomeOneUserTurn()
    {
        var converse = Translate("""
            {"messages":[{"role":"user","content":"go"},
              {"role":"assistant","content":"calling","tool_calls":[
                {"id":"a","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}},
                {"id":"b","type":"function","function":{"name":"g","arguments":""}}]},
              {"role":"tool","tool_call_id":"a","content":"A"},{"role":"tool","tool_call_id":"b","content":"B"}]}
            """);

        var messages = converse.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        var assistant = messages[1].GetProperty("content");
        Assert.Equal("calling", assistant[0].GetProperty("text").GetString());
        Assert.Equal(1, assistant[1].GetProperty("toolUse").GetProperty("input").GetProperty("x").GetInt32());
        Assert.Equal(JsonValueKind.Object, assistant[2].GetProperty("toolUse").GetProperty("input").ValueKind);
        var results = messages[2].GetProperty("content");
        Assert.Equal(["a", "b"], results.EnumerateArray().Select(r => r.GetProperty("toolResult").GetProperty("toolUseId").GetString()));
    }

    [Theory]
    [InlineData("\"auto\"", "auto")]
    [InlineData("\"required\"", "any")]
    [InlineData("""{"type":"function","function":{"name":"f"}}""", "tool")]
    public void Translate_ToolChoice_MapsToConverse(string toolChoice, string expected)
    {
        var converse = Translate($$$$"""
            {"messages":[{"role":"user","content":"go"}],"tool_choice":{{{{toolChoice}}}},
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}
            """);

        var choice = converse.GetProperty("toolConfig").GetProperty("toolChoice");
        Assert.True(choice.TryGetProperty(expected, out var value));
        if (expected == "tool")
        {
            Assert.Equal("f", value.GetProperty("name").GetString());
        }
    }

    [Fact]
    public void Translate_ToolChoiceNoneWithoutToolHistory_LeavesToolsOut()
    {
        var converse = Translate("""
            {"messages":[{"role":"user","content":"go"}],"tool_choice":"none","tools":[{"type":"function","function":{"name":"f"}}]}
            """);

        Assert.False(converse.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public void Translate_NoInferenceFields_LeavesInferenceConfigOut() =>
        Assert.False(Translate("""{"messages":[{"role":"user","content":"go"}]}""").TryGetProperty("inferenceConfig", out _));

    [Theory]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"n":2}""", "n")]
    [InlineData("""{"messages":[{"role":"wizard","content":"x"}]}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","function":{"name":"f","arguments":"[1]"}}]}]}""", "messages")]
    public void Translate_UntranslatableInput_Is400(string openAi, string param)
    {
        var body = ConverseRequestTranslator.Translate(Encoding.UTF8.GetBytes(openAi), out var error);

        Assert.Null(body);
        Assert.Equal(400, error!.Status);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void ReadResponse_TextAndToolUse_BecomeContentAndToolCalls()
    {
        var converse = """
            {"output":{"message":{"role":"assistant","content":[{"text":"Let me "},{"text":"check."},
              {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Oslo"}}}]}},
             "stopReason":"tool_use","usage":{"inputTokens":10,"outputTokens":5,"totalTokens":19,"cacheReadInputTokens":4},"metrics":{"latencyMs":9}}
            """u8;

        Assert.True(ConverseResponseReader.TryRead(converse, out var message, out var stopReason, out var usage, out _));
        Assert.Equal("Let me check.", message.Content);
        var call = Assert.Single(message.ToolCalls);
        Assert.Equal(("tooluse_1", "get_weather"), (call.Id, call.Name));
        Assert.Equal("Oslo", JsonDocument.Parse(call.ArgumentsJson).RootElement.GetProperty("city").GetString());
        Assert.Equal("tool_calls", BedrockStopReasons.ToFinishReason(stopReason));
        Assert.Equal((14, 5, 4), (usage.PromptTokens, usage.CompletionTokens, usage.CachedTokens));
    }

    [Fact]
    public void ReadResponse_NotConverse_IsRefused() =>
        Assert.False(ConverseResponseReader.TryRead("""{"choices":[]}"""u8, out _, out _, out _, out _));
}
