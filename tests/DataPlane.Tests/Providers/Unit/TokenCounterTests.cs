using System.Text;
using DataPlane.Inference;
using DataPlane.Providers.Tokens;

namespace DataPlane.Tests.Providers.Unit;

public sealed class TokenCounterTests
{
    private static readonly TokenCounter Counter = new();

    private static InferenceRequest Request(InferenceOperation operation, string json) =>
        new(operation, Encoding.UTF8.GetBytes(json), "m", false, false, 1, null);

    [Theory]
    [InlineData("Hello world", 2)]
    [InlineData("", 0)]
    public void Text_IsCountedWithO200k(string text, int tokens) => Assert.Equal(tokens, Counter.Count(text));

    [Fact]
    public void ChatPrompt_FollowsOpenAisMessageAccounting()
    {
        var request = Request(InferenceOperation.ChatCompletions, """{"messages":[{"role":"system","content":"Hello world"},{"role":"user","content":[{"type":"text","text":"Hello world"}]}]}""");
        // 3 (reply priming) + per message 3 + role (1) + content (2).
        Assert.Equal(3 + (3 + 1 + 2) * 2, Counter.CountPrompt(request));
    }

    [Theory]
    [InlineData("Embeddings", """{"input":["Hello world","Hello world"]}""", 4)]
    [InlineData("Completions", """{"prompt":"Hello world"}""", 2)]
    [InlineData("Embeddings", """{"input":[[1,2,3]]}""", 3)]
    public void OtherPrompts_AreCounted(string operation, string json, int tokens) =>
        Assert.Equal(tokens, Counter.CountPrompt(Request(Enum.Parse<InferenceOperation>(operation), json)));
}
