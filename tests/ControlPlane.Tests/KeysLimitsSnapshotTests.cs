using ControlPlane.Catalog;
using ControlPlane.Snapshots;

namespace ControlPlane.Tests;

public sealed class KeysLimitsSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Usage = """{"type":"tokens","credit_limit":1000000,"alert_threshold":800000,"periodic_reset":"monthly"}""";
    private const string Rate = """[{"type":"requests","unit":"rpm","value":60},{"type":"tokens","unit":"rpd","value":500000}]""";

    [Fact]
    public void Build_CarriesKeyLimits()
    {
        var key = new ApiKey
        {
            Id = Guid.NewGuid(), Name = "ci", Type = ApiKeyTypes.Organisation, SubType = ApiKeyTypes.Service,
            KeyHash = new string('b', 64), UsageLimits = Usage, RateLimits = Rate,
        };
        var entry = Assert.Single(SnapshotBuilder.Build(1, Now, [], [], [key]).ApiKeys);
        Assert.Equal(("tokens", 1_000_000m, 800_000m, "monthly"),
            (entry.UsageLimits!.Type, entry.UsageLimits.CreditLimit, entry.UsageLimits.AlertThreshold, entry.UsageLimits.PeriodicReset));
        Assert.Equal([("requests", "rpm", 60L), ("tokens", "rpd", 500_000L)], entry.RateLimits.Select(r => (r.Type, r.Unit, r.Value)));
    }

    [Fact]
    public void Build_CarriesProviderLimitsAndNoneWhenUnset()
    {
        var limited = new Provider { Id = Guid.NewGuid(), Slug = "a", Name = "A", AiProvider = "mock", UsageLimits = Usage, RateLimits = Rate };
        var plain = new Provider { Id = Guid.NewGuid(), Slug = "b", Name = "B", AiProvider = "mock" };
        var entries = SnapshotBuilder.Build(1, Now, [], [limited, plain], []).Providers;
        Assert.Equal(1_000_000m, entries[0].UsageLimits!.CreditLimit);
        Assert.Equal(2, entries[0].RateLimits.Count);
        Assert.Null(entries[1].UsageLimits);
        Assert.Empty(entries[1].RateLimits);
    }
}
