using ControlPlane.AdminConsole.Pages.Audit;

namespace ControlPlane.Tests.AdminConsole.Audit;

public sealed class AuditFilterTests
{
    [Fact]
    public void ToQuery_KeepsSetFiltersUnderTheApisNames_AndDropsBlankOnes()
    {
        var filter = new AuditFilter { ResourceType = "provider", Action = " ", ResourceId = " team a ", ActorApiKeyId = null };

        Assert.Equal("/v1/audit-logs?resource_type=provider&resource_id=team%20a&cursor=abc", filter.ToQuery("/v1/audit-logs", "abc"));
    }

    [Fact]
    public void ToQuery_WithoutFilters_IsThePathAlone() =>
        Assert.Equal("audit", new AuditFilter().ToQuery("audit", cursor: null));
}
