using ControlPlane.Http;

namespace ControlPlane.Tests;

public sealed class KeysetCursorTests
{
    [Fact]
    public void EncodeThenDecode_ReturnsSamePosition()
    {
        var cursor = new KeysetCursor(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1230), Guid.CreateVersion7());
        Assert.True(KeysetCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Fact]
    public void Encode_IsUrlSafe() =>
        Assert.DoesNotContain(new KeysetCursor(DateTimeOffset.UtcNow, Guid.NewGuid()).Encode(), c => c is '+' or '/' or '=');

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryDecode_Garbage_Fails(string value) => Assert.False(KeysetCursor.TryDecode(value, out _));
}
