using ControlPlane.AdminConsole.Pages.Overview;

namespace ControlPlane.Tests.AdminConsole.Overview;

public sealed class OverviewFormatTests
{
    [Theory]
    [InlineData("0", "$0.00")]
    [InlineData("0.000123", "$0.000123")]
    [InlineData("0.01", "$0.01")]
    [InlineData("1234.567", "$1,234.57")]
    public void Cost_ShowsCentsOrMillionthsBelowACent(string value, string expected) =>
        Assert.Equal(expected, OverviewFormat.Cost(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(12.4, "12 ms")]
    [InlineData(1530, "1.53 s")]
    public void Milliseconds_SwitchesToSecondsFromOneSecond(double value, string expected) =>
        Assert.Equal(expected, OverviewFormat.Milliseconds(value));

    [Fact]
    public void Count_And_Percent_AreInvariant() =>
        Assert.Equal(("12,345", "12.5 %"), (OverviewFormat.Count(12345), OverviewFormat.Percent(0.125)));

    [Fact]
    public void AxisFormat_ShowsTimesWithinADay_AndDatesBeyond() =>
        Assert.Equal(("{0:HH:mm}", "{0:MMM d}"), (OverviewFormat.AxisFormat(OverviewRange.Find("24h")), OverviewFormat.AxisFormat(OverviewRange.Find("7d"))));
}
