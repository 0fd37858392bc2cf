using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DataPlane.Providers.Mock;
using Microsoft.AspNetCore.Http;

namespace DataPlane.Tests;

public sealed class MockProviderTests
{
    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Reply_EchoesLastUserMessage()
    {
        var reply = MockReply.From(Json("""
            {"messages":[{"role":"user","content":"first"},{"role":"assistant","content":"ok"},{"role":"user","content":"second question"},{"role":"assistant","content":"later"}]}
            """));
        Assert.Equal("Mock response to: second question", reply.Content);
    }

    [Fact]
    public void Reply_TakesTextPartsOfContentArrays()
    {
        var reply = MockReply.From(Json("""
            {"messages":[{"role":"user","content":[{"type":"text","text":"look at"},{"type":"image_url","image_url":{"url":"http://x"}},{"type":"text","text":"this"}]}]}
            """));
        Assert.Equal("Mock response to: look at this", reply.Content);
    }

    [Fact]
    public void Usage_IsPositiveDeterministicAndGrowsWithInput()
    {
        var small = Json("""{"messages":[{"role":"user","content":"hi"}]}""");
        var large = Json($$"""{"messages":[{"role":"system","content":"{{new string('s', 400)}}"},{"role":"user","content":"hi"}]}""");

        var first = MockReply.From(small);
        Assert.True(first.PromptTokens > 0);
        Assert.True(first.CompletionTokens > 0);
        Assert.Equal(first, MockReply.From(small));
        Assert.True(MockReply.From(large).PromptTokens >= first.PromptTokens + 100);
    }

    [Theory]
    [InlineData("Mock response to: hi")]
    [InlineData("Mock response to:   two  spaces ")]
    [InlineData("Mock response to: ")]
    public void Chunks_ConcatenateToContent_AndAreAtLeastTwo(string content)
    {
        var chunks = MockReply.SplitIntoChunks(content);
        Assert.True(chunks.Count >= 2);
        Assert.Equal(content, string.Concat(chunks));
        Assert.All(chunks, c => Assert.False(string.IsNullOrWhiteSpace(c)));
    }

    [Fact]
    public async Task Stream_FramesEachEventAsData_AndEndsWithDone()
    {
        var reply = MockReply.From(Json("""{"messages":[{"role":"user","content":"one two"}]}"""));
        var response = new MockResponse(reply, "m", stream: true, includeUsage: true, Stopwatch.GetTimestamp(), TimeProvider.System);
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;

        var usage = (await response.WriteToAsync(context.Response, TestContext.Current.CancellationToken)).Usage;
        await context.Response.BodyWriter.CompleteAsync();

        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal("text/event-stream", context.Response.ContentType);
        Assert.EndsWith("\n\ndata: [DONE]\n\n", text);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        // role, 5 words ("Mock response to: one two"), stop, usage, [DONE]
        Assert.Equal(1 + 5 + 1 + 1 + 1, events.Length);
        using var usageChunk = JsonDocument.Parse(events[^2]["data: ".Length..]);
        Assert.Equal(usage.TotalTokens, usageChunk.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.NotNull(usage.TtftMs);
    }
}
