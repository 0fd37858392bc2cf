using ControlPlane.AdminConsole.Formatting;

namespace ControlPlane.Tests.AdminConsole.Formatting;

public sealed class ConsoleTimeTests
{
    private static readonly DateTimeOffset TwoHoursEast = new(2026, 11, 27, 9, 5, 9, 250, TimeSpan.FromHours(2));

    [Fact]
    public void Text_IsUtcToTheSecond() => Assert.Equal("2026-11-27 07:05:09", ConsoleTime.Text(TwoHoursEast));

    [Fact]
    public void Iso_IsUtcWithMilliseconds() => Assert.Equal("2026-11-27T07:05:09.250Z", ConsoleTime.Iso(TwoHoursEast));
}
