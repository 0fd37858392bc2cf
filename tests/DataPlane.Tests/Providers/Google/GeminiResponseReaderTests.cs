using System.Text;
using System.Text.Json;
using DataPlane.Providers.Google;
using DataPlane.Providers.Tokens;

namespace DataPlane.Tests.Providers.Google;

/// <summary>The reader on payloads shaped as in Gemini's API reference (generateContent and stream events).</summary>
public sealed class GeminiResponseReaderTests
{
    [Fact]
    public void TextAnswer_JoinsTextParts_LeavesThoughtsOut_AndReadsUsage()
    {
        const string json = """
            {"candidates":[{"content":{"parts":[{"text":"Thinking about it","thought":true},{"text":"Hello"},{"text":", world"}],"role":"model"},
               "finishReason":"STOP","index":0,"safetyRatings":[]}],
             "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":4,"totalTokenCount":66,"thoughtsTokenCount":50,"cachedContentTokenCount":8,
               "toolUsePromptTokenCount":2,"promptTokensDetails":[{"modality":"TEXT","tokenCount":12}]},
             "modelVersion":"gemini-2.5-flash","responseId":"abc123"}
            """;
        using var text = new UsageAccumulator();
        var response = GeminiResponseReader.Read(Encoding.UTF8.GetBytes(json), text);

        var candidate = Assert.Single(response.Candidates);
        Assert.Equal("Hello, world", candidate.Text);
        Assert.Equal("STOP", candidate.FinishReason);
        Assert.Equal("stop", candidate.OpenAiFinishReason);
        Assert.Equal(new ReportedUsage(14, 54, 8), response.Usage);
        Assert.Equal("abc123", response.ResponseId);
        Assert.True(response.IsFinished);
        Assert.Null(response.Error);
    }

    [Fact]
    public void FunctionCalls_KeepArgsAsJsonText_AndMakeToolCallsFinishReason()
    {
        const string json = """
            {"candidates":[{"content":{"role":"model","parts":[
               {"functionCall":{"name":"get_weather","args":{"location":"Paris","days":[1, 2],"note":"é\"q"}},"thoughtSignature":"c2ln"},
               {"functionCall":{"name":"noop"}}]},"finishReason":"STOP"}]}
            """;
        var response = GeminiResponseReader.Read(Encoding.UTF8.GetBytes(json));

        var calls = response.Candidates[0].ToolCalls;
        Assert.Equal(2, calls.Count);
        Assert.Equal("get_weather", calls[0].Name);
        Assert.Equal("""{"location":"Paris","days":[1, 2],"note":"é\"q"}""", calls[0].ArgumentsJson);
        Assert.Equal("c2ln", GeminiToolCallIds.ThoughtSignatureOf(calls[0].Id));
        Assert.Equal("{}", calls[1].ArgumentsJson);
        Assert.Null(GeminiToolCallIds.ThoughtSignatureOf(calls[1].Id));
        Assert.NotEqual(calls[0].Id, calls[1].Id);
        Assert.Null(response.Candidates[0].Text);
        Assert.Equal("tool_calls", response.Candidates[0].OpenAiFinishReason);
        Assert.True(response.Usage.IsEmpty);
    }

    [Fact]
    public void MidStreamEvent_IsNotFinished()
    {
        var response = GeminiResponseReader.Read("""{"candidates":[{"content":{"parts":[{"text":" more"}],"role":"model"},"index":0}],"modelVersion":"m"}"""u8);

        Assert.False(response.IsFinished);
        Assert.Equal(" more", response.Candidates[0].Text);
    }

    [Fact]
    public void BlockedPrompt_HasNoCandidatesAndABlockReason()
    {
        var response = GeminiResponseReader.Read("""
            {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT","safetyRatings":[]},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}
            """u8);

        Assert.Empty(response.Candidates);
        Assert.Equal("PROHIBITED_CONTENT", response.BlockReason);
        Assert.True(response.IsFinished);
        Assert.Equal(new ReportedUsage(9, null, null), response.Usage);
    }

    [Fact]
    public void ErrorObject_IsRead()
    {
        var response = GeminiResponseReader.Read("""{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"""u8);

        Assert.Equal(new GeminiError(503, "The model is overloaded.", "UNAVAILABLE"), response.Error);
    }

    [Theory]
    [InlineData("MAX_TOKENS", false, "length")]
    [InlineData("SAFETY", true, "content_filter")]
    [InlineData("BLOCKLIST", false, "content_filter")]
    [InlineData("PROHIBITED_CONTENT", false, "content_filter")]
    [InlineData("SPII", false, "content_filter")]
    [InlineData("STOP", true, "tool_calls")]
    [InlineData("OTHER", false, "stop")]
    public void FinishReasons_MapToOpenAis(string gemini, bool hasCalls, string openAi) =>
        Assert.Equal(openAi, GeminiFinishReasons.ToOpenAi(gemini, hasCalls));

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"candidates\":")]
    [InlineData("not json")]
    public void MalformedPayload_Throws(string payload) =>
        Assert.ThrowsAny<JsonException>(() => GeminiResponseReader.Read(Encoding.UTF8.GetBytes(payload)));
}
