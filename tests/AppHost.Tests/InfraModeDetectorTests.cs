using AppHost.Infrastructure;

namespace AppHost.Tests;

public sealed class InfraModeDetectorTests
{
    [Theory]
    [InlineData("containers", "Containers")]
    [InlineData("Containers", "Containers")]
    [InlineData("local", "Local")]
    [InlineData(" LOCAL ", "Local")]
    public void Detect_WithOverride_UsesIt(string value, string expected) =>
        Assert.Equal(expected, InfraModeDetector.Detect(value).ToString());

    [Fact]
    public void Detect_WithUnknownOverride_FailsNamingTheChoices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InfraModeDetector.Detect("kubernetes"));
        Assert.Contains("'containers' or 'local'", error.Message);
    }
}
