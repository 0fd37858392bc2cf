using System.Text;
using System.Text.Json;
using DataPlane.Guardrails;
using DataPlane.Inference;

namespace DataPlane.Tests.Guardrails;

/// <summary>Which texts guardrails read from requests, answers and streams, and how the rewrites put replacements back.</summary>
public sealed class GuardrailTextsTests
{
    [Theory]
    [InlineData("chat",
        """{"model":"m","messages":[{"role":"system","content":"a"},{"role":"user","content":[{"type":"text","text":"b"},{"type":"image_url","image_url":{"url":"u"}},{"text":"type last","type":"text"}]},{"role":"assistant","content":null,"tool_calls":[]}]}""",
        "a|b|type last")]
    [InlineData("completions", """{"model":"m","prompt":["x","y",[1,2]]}""", "x|y")]
    [InlineData("completions", """{"model":"m","prompt":"one"}""", "one")]
    [InlineData("embeddings", """{"input":"e","model":"m"}""", "e")]
    [InlineData("embeddings", """{"input":[[1,2,3]],"model":"m"}""", "")]
    public void RequestTexts_ExtractAndRewrite_RoundTripInTheSameOrder(string kind, string body, string expected)
    {
        var operation = kind switch
        {
            "chat" => InferenceOperation.ChatCompletions,
            "completions" => InferenceOperation.Completions,
            _ => InferenceOperation.Embeddings,
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        var texts = RequestTexts.Extract(operation, bytes);
        Assert.Equal(expected, string.Join("|", texts));

        using var rewritten = RequestTexts.Rewrite(operation, bytes, [.. texts.Select(t => t.ToUpperInvariant() + "!")]);
        var again = RequestTexts.Extract(operation, rewritten.WrittenMemory);
        Assert.Equal(texts.Select(t => t.ToUpperInvariant() + "!"), again);

        // Everything but the texts is as it was.
        using var before = JsonDocument.Parse(bytes);
        using var after = JsonDocument.Parse(rewritten.WrittenMemory);
        Assert.Equal(before.RootElement.GetProperty("model").GetString(), after.RootElement.GetProperty("model").GetString());
        Assert.Equal(before.RootElement.EnumerateObject().Select(p => p.Name), after.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void RequestTexts_Rewrite_KeepsNonTextPartsByteForByte()
    {
        var body = """{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/a.png","detail":"low"}},{"type":"text","text":"hi"}]}],"temperature":0.2}""";
        using var rewritten = RequestTexts.Rewrite(InferenceOperation.ChatCompletions, Encoding.UTF8.GetBytes(body), ["HI"]);

        Assert.Equal(body.Replace("\"hi\"", "\"HI\""), Encoding.UTF8.GetString(rewritten.WrittenSpan));
    }

    [Fact]
    public void ResponseTexts_ChatAndCompletionChoices_AreReadAndRewritten_WithHookResultsAdded()
    {
        var body = """{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"one"}},{"index":1,"text":"two"},{"index":2,"message":{"content":null}}],"usage":{"total_tokens":3}}""";
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.Equal(["one", "two"], ResponseTexts.Extract(bytes)!);

        using var rewritten = ResponseTexts.Rewrite(bytes, ["ONE", "TWO"], new HookResults([]));
        using var document = JsonDocument.Parse(rewritten.WrittenMemory);
        var root = document.RootElement;
        Assert.Equal("ONE", root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("TWO", root.GetProperty("choices")[1].GetProperty("text").GetString());
        Assert.Equal(3, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, root.GetProperty("hook_results").GetProperty("before_request_hooks").GetArrayLength());
        Assert.Equal(0, root.GetProperty("hook_results").GetProperty("after_request_hooks").GetArrayLength());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void ResponseTexts_NotAJsonObject_IsNull(string body) => Assert.Null(ResponseTexts.Extract(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void StreamTexts_AssemblesEachChoicesDeltas_IgnoringDoneUsageAndErrors()
    {
        var sse = """
            data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

            data: {"choices":[{"index":0,"delta":{"content":"Hello "}},{"index":1,"delta":{"content":"B"}}]}

            data: {"choices":[{"index":0,"delta":{"content":"world"}}]}

            data: {"choices":[],"usage":{"total_tokens":5}}

            event: error
            data: not json

            data: [DONE]


            """.Replace("\r\n", "\n");

        Assert.Equal(["Hello world", "B"], StreamTexts.Assemble(Encoding.UTF8.GetBytes(sse)));
    }
}
