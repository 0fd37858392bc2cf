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
    public void Series_DayGranularityWithRollupFilters_ReadsDayRollupsOnly()
    {
        var command = AnalyticsSql.Series(Query("?provider=openai-prod&granularity=day&time_of_generation_min=2025-06-01T00:00:00Z"), null, latency: true);
        Assert.Contains("FROM request_rollups", command.Sql);
        Assert.DoesNotContain("request_logs", command.Sql);
        Assert.Contains("GROUP BY bucket", command.Sql);
        Assert.Equal((short)1440, command.Parameters.Parameters[0].Value);
        Assert.Contains(command.Parameters.Parameters, p => Equals(p.Value, "openai-prod"));
    }

    [Fact]
    public void Series_HourGranularity_ReadsHourRollups()
    {
        var command = AnalyticsSql.Series(Query("?granularity=hour&time_of_generation_min=2025-06-14T00:00:00Z"), null, latency: false);
        Assert.Equal((short)60, command.Parameters.Parameters[0].Value);
    }

    [Fact]
    public void Series_Latency_SumsHistogramsPerArrayPosition_InTheSameQuery()
    {
        var command = AnalyticsSql.Series(Query("?granularity=hour&time_of_generation_min=2025-06-14T00:00:00Z"), null, latency: true);
        Assert.Contains("coalesce(sum(latency_histogram[1]::float8), 0)", command.Sql);
        Assert.Contains($"coalesce(sum(latency_histogram[{Contracts.Analytics.LatencyHistogram.BucketCount}]::float8), 0)", command.Sql);
        Assert.DoesNotContain($"latency_histogram[{Contracts.Analytics.LatencyHistogram.BucketCount + 1}]", command.Sql);
        Assert.DoesNotContain("unnest", command.Sql);
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
    [InlineData("guardrail_action=denied")]
    public void Series_WithAFilterTheRollupsLack_ReadsRawEvents(string filter)
    {
        var command = AnalyticsSql.Series(Query("?" + filter), null, latency: true);
        Assert.Contains("FROM request_logs", command.Sql);
        Assert.DoesNotContain("request_rollups", command.Sql);
        Assert.Contains("percentile_cont(ARRAY[0.5, 0.95, 0.99])", command.Sql);
    }

    [Fact]
    public void GuardrailGroups_ExpandTheVerdictsOfRawEvents_MostDenialsFirst_WithScopeAndLimit()
    {
        var scope = Guid.NewGuid();
        var command = AnalyticsSql.GuardrailGroups(Query("?limit=9&provider=openai-prod"), scope);

        Assert.Contains("FROM request_logs CROSS JOIN LATERAL jsonb_array_elements(guardrails) AS g(v)", command.Sql);
        Assert.DoesNotContain("request_rollups", command.Sql);
        Assert.Contains("ORDER BY denied DESC", command.Sql);
        Assert.EndsWith("LIMIT 9", command.Sql.TrimEnd());
        Assert.Contains(command.Parameters.Parameters, p => Equals(p.Value, scope));
        Assert.Contains(command.Parameters.Parameters, p => Equals(p.Value, "openai-prod"));
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
        Assert.Contains("ORDER BY cost DESC", command.Sql);
        Assert.Contains("sum(latency_histogram[1]::float8)", command.Sql);
        Assert.DoesNotContain("unnest", command.Sql);
    }

    [Fact]
    public void Groups_DayGranularity_ReadsDayRollupsOnly()
    {
        var command = AnalyticsSql.Groups(Query("?granularity=day&time_of_generation_min=2025-05-16T12:00:00Z"), null, GroupDimension.AiModels, null);
        Assert.Equal((short)1440, command.Parameters.Parameters[0].Value);
        Assert.DoesNotContain(command.Parameters.Parameters, p => Equals(p.Value, (short)60));
        Assert.Contains(command.Parameters.Parameters, p => Equals(p.Value, new DateTimeOffset(2025, 5, 16, 0, 0, 0, TimeSpan.Zero)));
        Assert.Contains(command.Parameters.Parameters, p => Equals(p.Value, new DateTimeOffset(2025, 6, 16, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Groups_HourGranularityOverWholeDays_ReadsDayRowsForThemAndHourRowsForThePartialDays()
    {
        var command = AnalyticsSql.Groups(
            Query("?granularity=hour&time_of_generation_min=2025-06-12T10:30:00Z&time_of_generation_max=2025-06-15T11:59:00Z"), null, GroupDimension.Providers, null);
        var values = command.Parameters.Parameters.Select(p => p.Value).ToList();
        Assert.Equal(
            new object?[] { (short)1440, (short)60, At(2025, 6, 12, 10), At(2025, 6, 13, 0), At(2025, 6, 15, 0), At(2025, 6, 15, 12) },
            values.Take(6));
        Assert.Contains("OR (granularity = @p1 AND bucket >= @p2 AND bucket < @p3)", command.Sql);
        Assert.Contains("OR (granularity = @p1 AND bucket >= @p4 AND bucket < @p5)", command.Sql);

        static object? At(int year, int month, int day, int hour) => new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero);
    }

    [Fact]
    public void Groups_HourGranularityWithoutAWholeDay_ReadsHourRowsOnly()
    {
        var command = AnalyticsSql.Groups(
            Query("?granularity=hour&time_of_generation_min=2025-06-14T10:30:00Z&time_of_generation_max=2025-06-15T09:00:00Z"), null, GroupDimension.Providers, null);
        Assert.Equal((short)60, command.Parameters.Parameters[0].Value);
        Assert.DoesNotContain(command.Parameters.Parameters, p => Equals(p.Value, (short)1440));
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
