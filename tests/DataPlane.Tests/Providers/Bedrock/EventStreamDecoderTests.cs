using System.Text;
using DataPlane.Providers.Bedrock;
using TestKit.FakeProviders.Bedrock;

namespace DataPlane.Tests.Providers.Bedrock;

/// <summary>The AWS event-stream framing: messages written by the fake's encoder (its own CRC32) decode, partial ones wait, corrupt ones are refused.</summary>
public sealed class EventStreamDecoderTests
{
    [Fact]
    public void TryRead_AnEventMessage_ReturnsItsHeadersAndPayload()
    {
        var frame = AwsEventStreamWriter.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hi"}}""");

        var status = EventStreamDecoder.TryRead(frame, out var consumed, out var message);

        Assert.Equal(DecodeStatus.Message, status);
        Assert.Equal(frame.Length, consumed);
        Assert.Equal("event", message.MessageType);
        Assert.Equal("contentBlockDelta", message.EventType);
        Assert.Equal("""{"contentBlockIndex":0,"delta":{"text":"Hi"}}""", Encoding.UTF8.GetString(message.Payload));
    }

    [Fact]
    public void TryRead_AnExceptionMessage_ReturnsItsType()
    {
        var frame = AwsEventStreamWriter.Exception("throttlingException", "slow down");

        Assert.Equal(DecodeStatus.Message, EventStreamDecoder.TryRead(frame, out _, out var message));
        Assert.Equal("exception", message.MessageType);
        Assert.Equal("throttlingException", message.ExceptionType);
        Assert.Contains("slow down", Encoding.UTF8.GetString(message.Payload));
    }

    [Fact]
    public void TryRead_KnownFrame_MatchesTheCrcOfTheReferenceImplementation()
    {
        // CRC-32 of "123456789" is 0xCBF43926 (the check value of the IEEE polynomial).
        Assert.Equal(0xCBF43926u, System.IO.Hashing.Crc32.HashToUInt32("123456789"u8));
        Assert.Equal(0xCBF43926u, AwsEventStreamWriter.Crc32("123456789"u8));
    }

    [Fact]
    public void TryRead_EveryPrefixOfTwoMessages_NeedsMoreUntilWhole()
    {
        var first = AwsEventStreamWriter.Event("messageStart", """{"role":"assistant"}""");
        var second = AwsEventStreamWriter.Event("messageStop", """{"stopReason":"end_turn"}""");
        byte[] both = [.. first, .. second];

        for (var length = 0; length < first.Length; length++)
        {
            Assert.Equal(DecodeStatus.NeedMore, EventStreamDecoder.TryRead(both.AsSpan(0, length), out _, out _));
        }

        Assert.Equal(DecodeStatus.Message, EventStreamDecoder.TryRead(both, out var consumed, out var one));
        Assert.Equal("messageStart", one.EventType);
        Assert.Equal(DecodeStatus.Message, EventStreamDecoder.TryRead(both.AsSpan(consumed), out _, out var two));
        Assert.Equal("messageStop", two.EventType);
    }

    [Theory]
    [InlineData(9)]   // prelude CRC
    [InlineData(40)]  // a header byte: the message CRC no longer matches
    [InlineData(-1)]  // the message CRC itself
    public void TryRead_CorruptByte_IsInvalid(int index)
    {
        var frame = AwsEventStreamWriter.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hi"}}""");
        frame[index < 0 ? frame.Length + index : index] ^= 0x5A;

        Assert.Equal(DecodeStatus.Invalid, EventStreamDecoder.TryRead(frame, out _, out _));
    }
}
