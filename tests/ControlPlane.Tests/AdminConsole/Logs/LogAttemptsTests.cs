using Contracts.Usage;
using ControlPlane.AdminConsole.Pages.Logs;

namespace ControlPlane.Tests.AdminConsole.Logs;

public sealed class LogAttemptsTests
{
    [Fact]
    public void Of_RecordedAttempts_AreShownAsRecorded()
    {
        UsageAttempt[] recorded = [new("config.targets[0]", "a", "m", 502, 10, "upstream_error"), new("config.targets[1]", "b", "m", 200, 20)];

        Assert.Same(recorded, LogAttempts.Of(recorded, "b", "m", 200, 20, null, "MISS"));
    }

    [Fact]
    public void Of_ARequestWithoutAConfig_IsItsOwnOneAttempt()
    {
        var attempt = Assert.Single(LogAttempts.Of([], "mock-1", "gpt-4o-mini", 429, 37, "rate_limited", "DISABLED"));

        Assert.Equal(new UsageAttempt(null, "mock-1", "gpt-4o-mini", 429, 37, "rate_limited"), attempt);
    }

    [Theory]
    [InlineData(null, "DISABLED")]
    [InlineData("mock-1", "HIT")]
    [InlineData("mock-1", "SEMANTIC HIT")]
    public void Of_NoProviderReachedOrACacheHit_HasNoAttempt(string? provider, string cacheStatus)
    {
        Assert.Empty(LogAttempts.Of([], provider, "m", 200, 0, null, cacheStatus));
    }
}
