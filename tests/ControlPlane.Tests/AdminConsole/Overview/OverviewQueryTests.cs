using ControlPlane.AdminConsole.Pages.Overview;
using ControlPlane.Analytics;
using ControlPlane.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ControlPlane.Tests.AdminConsole.Overview;

public sealed class OverviewQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 15, 30, TimeSpan.FromHours(2));

    [Fact]
    public void For_LastHourOfAWorkspace_AsksForMinutesBetweenFixedUtcBounds()
    {
        var workspace = Guid.Parse("0b0e6c1e-4a57-4b7c-9f59-4a3f1f2d8c11");

        var query = OverviewQuery.For(OverviewRange.Find("1h"), workspace, Now);

        Assert.Equal(
            "time_of_generation_min=2026-03-10T06%3A15%3A30Z&time_of_generation_max=2026-03-10T07%3A15%3A30Z&granularity=minute" +
            "&workspace_id=0b0e6c1e-4a57-4b7c-9f59-4a3f1f2d8c11",
            query);
    }

    [Fact]
    public void For_AllWorkspaces_SendsNoWorkspaceFilter() =>
        Assert.DoesNotContain("workspace_id", OverviewQuery.For(OverviewRange.Default, null, Now));

    [Theory]
    [InlineData("1h", "Minute", 61)]
    [InlineData("24h", "Hour", 25)]
    [InlineData("7d", "Hour", 169)]
    [InlineData("30d", "Day", 31)]
    public void For_EveryRange_IsAcceptedByTheAnalyticsApiWithItsGranularity(string id, string granularity, int buckets)
    {
        var range = OverviewRange.Find(id);
        var errors = new ValidationErrors();

        var parsed = AnalyticsQueryParser.Parse(QueryHelpers.ParseQuery(OverviewQuery.For(range, Guid.NewGuid(), Now)), Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(Enum.Parse<Granularity>(granularity), parsed.Granularity);
        Assert.Equal(Now.ToUniversalTime() - range.Length, parsed.From);
        Assert.Equal(buckets, TimeBuckets.Count(parsed.From, parsed.To, parsed.Granularity));
    }

    [Fact]
    public void Find_UnknownId_FallsBackToTheLast24Hours() => Assert.Equal("24h", OverviewRange.Find("forever").Id);

    [Fact]
    public void MetadataGroupPath_EscapesTheKeyAsOnePathSegment() =>
        Assert.Equal("/v1/analytics/groups/metadata/team%2Fa%20b%3F", OverviewQuery.MetadataGroupPath("team/a b?"));
}
