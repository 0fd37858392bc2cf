using System.Text;
using DataPlane.Providers.Sse;

namespace DataPlane.Tests.Providers.Unit;

public sealed class SseParserTests
{
    [Theory]
    [InlineData("data: {\"a\":1}\n\nrest", 15)]
    [InlineData("data: {\"a\":1}\r\n\r\nrest", 17)]
    [InlineData("event: message_start\ndata: {\"a\":1}\n\n", 36)]
    public void CompleteEvent_IsFound_WithItsLength(string input, int length)
    {
        Assert.True(SseParser.TryReadEvent(Encoding.UTF8.GetBytes(input), out var consumed, out var sseEvent));
        Assert.Equal(length, consumed);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(sseEvent.Data));
    }

    [Theory]
    [InlineData("data: {\"a\":1}")]
    [InlineData("data: {\"a\":1}\n")]
    [InlineData("data: {\"a\":1}\r\n\r")]
    [InlineData("data: {\"a\":1}\ndata: more")]
    public void PartialEvent_IsNotReadYet(string input)
    {
        Assert.False(SseParser.TryReadEvent(Encoding.UTF8.GetBytes(input), out _, out _));
    }

    [Fact]
    public void EventName_AndDone_AreRecognised()
    {
        SseParser.TryReadEvent("event: ping\ndata:[DONE]\n\n"u8, out _, out var sseEvent);
        Assert.Equal("ping", Encoding.UTF8.GetString(sseEvent.Name));
        Assert.True(sseEvent.IsDone);
    }

    [Fact]
    public void Comment_HasNoData()
    {
        SseParser.TryReadEvent(": keep-alive\n\n"u8, out var consumed, out var sseEvent);
        Assert.Equal(14, consumed);
        Assert.True(sseEvent.Data.IsEmpty);
    }
}
