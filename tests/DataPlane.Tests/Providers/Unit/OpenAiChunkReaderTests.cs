using System.Text;
using DataPlane.Inference;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Tokens;

namespace DataPlane.Tests.Providers.Unit;

public sealed class OpenAiChunkReaderTests
{
    private static readonly InferenceRequest Request = new(InferenceOperation.ChatCompletions, Encoding.UTF8.GetBytes("""{"messages":[]}"""), "m", true, false, 1, null);

    [Fact]
    public void UsageChunk_ReportsTokensIncludingCached()
    {
        using var usage = new UsageAccumulator();
        var info = OpenAiChunkReader.Read("""{"id":"x","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":5,"total_tokens":16,"prompt_tokens_details":{"cached_tokens":3}}}"""u8, usage);

        Assert.Equal(new ChunkInfo(0, HasUsage: true, IsError: false), info);
        Assert.Equal((11, 5, 3), (usage.PromptTokens, usage.CompletionTokens, usage.CachedTokens));
    }

    [Fact]
    public void ContentAndToolArguments_AreCollectedForCounting()
    {
        using var usage = new UsageAccumulator();
        OpenAiChunkReader.Read("""{"choices":[{"index":0,"delta":{"content":"Hello \"w"},"finish_reason":null}],"usage":null}"""u8, usage);
        var info = OpenAiChunkReader.Read("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"orld\""}}]}}]}"""u8, usage);

        Assert.Equal(new ChunkInfo(1, HasUsage: false, IsError: false), info);
        var report = usage.ToReport(Request, new TokenCounter(), countMissing: true, 0, null);
        Assert.Equal(new TokenCounter().Count("Hello \"world\""), report.CompletionTokens);
    }

    [Fact]
    public void GroqUsage_AndErrorEvents_AreRecognised()
    {
        using var usage = new UsageAccumulator();
        Assert.True(OpenAiChunkReader.Read("""{"choices":[{"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"r","usage":{"prompt_tokens":4,"completion_tokens":2}}}"""u8, usage).HasUsage);
        Assert.Equal(2, usage.CompletionTokens);
        Assert.True(OpenAiChunkReader.Read("""{"error":{"message":"overloaded"}}"""u8, usage).IsError);
    }

    [Fact]
    public void ImageUsage_ReadsInputAndOutputTokens()
    {
        using var usage = new UsageAccumulator();
        OpenAiChunkReader.Read("""{"created":1,"data":[{"b64_json":"AAAA"}],"usage":{"input_tokens":9,"output_tokens":272,"input_tokens_details":{"cached_tokens":1}}}"""u8, usage);
        Assert.Equal((9, 272, 1), (usage.PromptTokens, usage.CompletionTokens, usage.CachedTokens));
    }
}
