using ControlPlane.AdminConsole.Pages.Logs;

namespace ControlPlane.Tests.AdminConsole.Logs;

public sealed class LogFormatTests
{
    [Theory]
    [InlineData("0.000123", true, "$0.000123")]
    [InlineData("1.5", true, "$1.50")]
    [InlineData("0", true, "$0.00")]
    [InlineData("0.0001", false, "unknown")]
    public void Cost_ShowsFractionsOfACent_OrUnknown(string usd, bool known, string expected)
    {
        Assert.Equal(expected, LogFormat.Cost(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture), known));
    }

    [Theory]
    [InlineData(200, "badge ok")]
    [InlineData(246, "badge warn")]
    [InlineData(412, "badge error")]
    [InlineData(502, "badge error")]
    public void StatusBadge_ByStatus(int status, string expected)
    {
        Assert.Equal(expected, LogFormat.StatusBadge(status));
    }
}
