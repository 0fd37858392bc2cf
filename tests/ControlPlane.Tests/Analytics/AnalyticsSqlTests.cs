using ControlPlane.Analytics;
using ControlPlane.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ControlPlane.Tests.Analytics;

public sealed class AnalyticsSqlTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static AnalyticsQuery Query(string queryString)
    {
        var errors = new ValidationErrors();
        var query = AnalyticsQueryParser.Parse(QueryHelpers.ParseQuery(queryString), Now, errors);
        Assert.True(errors.IsEmpty);
        return query;
    }

    [Fact]
    public void Series_WithRollupFilters_ReadsHourRollupsOnly()
    {
        var command = AnalyticsSql.Series(Query("?provider=openai-prod&granularity=day&time_of_generation_min=2025-06-01T00:00:00Z"), null, latency: true);
        Assert.Contains("FROM request_rollups", command.Sql);
        Assert.DoesNotContain("request_logs", command.Sql);
        Assert.Contains("date_trunc('day', bucket, 'UTC')", command.Sql);
        Assert.Equal((short)60, command.Parameters.Parameters[0].Value);
        Assert.Contains(command.Parameters.Parameters, p => Equals(p.Value, "openai-prod"));
    }

    [Fact]
    public void Series_MinuteGranularity_ReadsMinuteRollups()
    {
        var command = AnalyticsSql.Series(Query("?granularity=minute&time_of_generation_min=2025-06-15T11:00:00Z"), null, latency: false);
        Assert.Equal((short)1, command.Parameters.Parameters[0].Value);
    }

    [Theory]
    [InlineData("status=500")]
    [InlineData("trace_id=t1")]
    [InlineData("cache_status=HIT")]
    [InlineData("metadata._user=ada")]
    public void Series_WithAFilterTheRollupsLack_ReadsRawEvents(string filter)
    {
        var command = AnalyticsSql.Series(Query("?" + filter), null, latency: true);
        Assert.Contains("FROM request_logs", command.Sql);
        Assert.DoesNotContain("request_rollups", command.Sql);
        Assert.Contains("percentile_cont(ARRAY[0.5, 0.95, 0.99])", command.Sql);
    }

    [Fact]
    public void Series_WorkspaceKey_IsConfinedToItsWorkspace()
    {
        var scope = Guid.NewGuid();
        var command = AnalyticsSql.Series(Query(""), scope, latency: false);
        Assert.Contains("workspace_id = @", command.Sql);
        Assert.Contains(command.Parameters.Parameters, p => Equals(p.Value, scope));
    }

    [Fact]
    public void Groups_ByModel_UsesRollupsWithHistogramsAndLimit()
    {
        var command = AnalyticsSql.Groups(Query("?limit=7"), null, GroupDimension.AiModels, null);
        Assert.Contains("FROM request_rollups", command.Sql);
        Assert.Contains("model::text AS k", command.Sql);
        Assert.Contains("LIMIT 7", command.Sql);
        Assert.Contains("ORDER BY t.cost DESC", command.Sql);
    }

    [Fact]
    public void Groups_ByUsers_ReadsMetadataUserFromRawEvents()
    {
        var command = AnalyticsSql.Groups(Query(""), null, GroupDimension.Users, null);
        Assert.Contains("FROM request_logs", command.Sql);
        Assert.Contains("metadata->>'_user' IS NOT NULL", command.Sql);
    }

    [Fact]
    public void Groups_ByMetadataKey_PassesTheKeyAsAParameter()
    {
        const string key = "team'); DROP TABLE request_logs; --";
        var command = AnalyticsSql.Groups(Query(""), null, GroupDimension.Metadata, key);
        Assert.DoesNotContain("DROP", command.Sql);
        Assert.Contains(command.Parameters.Parameters, p => Equals(p.Value, key));
    }

    [Fact]
    public void Groups_ByProviderWithStatusFilter_FallsBackToRawEvents()
    {
        var command = AnalyticsSql.Groups(Query("?status=500"), null, GroupDimension.Providers, null);
        Assert.Contains("FROM request_logs", command.Sql);
        Assert.Contains("provider::text AS k", command.Sql);
    }

    [Fact]
    public void LatencyPercentiles_FromAnEmptyHistogram_AreZero() =>
        Assert.Equal(LatencyPercentiles.Zero, LatencyPercentiles.FromHistogram(new long[Contracts.Analytics.LatencyHistogram.BucketCount]));
}
