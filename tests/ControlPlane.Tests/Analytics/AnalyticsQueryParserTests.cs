using ControlPlane.Analytics;
using ControlPlane.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ControlPlane.Tests.Analytics;

public sealed class AnalyticsQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 34, 56, TimeSpan.Zero);

    private static (AnalyticsQuery Query, ValidationErrors Errors) Parse(string queryString)
    {
        var errors = new ValidationErrors();
        return (AnalyticsQueryParser.Parse(QueryHelpers.ParseQuery(queryString), Now, errors), errors);
    }

    [Fact]
    public void Parse_NoRange_IsTheLast24HoursInHours()
    {
        var (query, errors) = Parse("");
        Assert.True(errors.IsEmpty);
        Assert.Equal((Now.AddHours(-24), Now), (query.From, query.To));
        Assert.Equal(Granularity.Hour, query.Granularity);
        // Whole buckets: from the hour of 'from' to the end of the hour of 'to'.
        Assert.Equal(new DateTimeOffset(2025, 6, 14, 12, 0, 0, TimeSpan.Zero), query.RangeStart);
        Assert.Equal(new DateTimeOffset(2025, 6, 15, 13, 0, 0, TimeSpan.Zero), query.RangeEnd);
        Assert.Equal(50, query.Limit);
    }

    [Theory]
    [InlineData("2025-06-15T10:00:00Z", "Minute")]
    [InlineData("2025-06-14T00:00:00Z", "Hour")]
    [InlineData("2025-05-01T00:00:00Z", "Day")]
    public void Parse_NoGranularity_ChoosesOneFromTheRange(string from, string expected) =>
        Assert.Equal(Enum.Parse<Granularity>(expected), Parse($"?time_of_generation_min={from}&time_of_generation_max=2025-06-15T12:00:00Z").Query.Granularity);

    [Fact]
    public void Parse_OnlyMax_CoversTheDayBeforeIt()
    {
        var (query, errors) = Parse("?time_of_generation_max=2025-06-01T00:00:00Z&granularity=day");
        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateTimeOffset(2025, 5, 31, 0, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(Granularity.Day, query.Granularity);
    }

    [Fact]
    public void Parse_TooManyBuckets_NamesGranularity()
    {
        var (_, errors) = Parse("?time_of_generation_min=2025-05-01T00:00:00Z&granularity=minute");
        Assert.Equal(["granularity"], errors.Fields);
    }

    [Fact]
    public void Parse_BadValues_NamesEachInOneProblem()
    {
        var (_, errors) = Parse("?granularity=week&limit=0&status=abc&cache_status=x&api_key_id=1");
        Assert.Equal(["api_key_id", "cache_status", "granularity", "limit", "status"], errors.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_MinInTheFutureWithoutMax_NamesMin() =>
        Assert.Equal(["time_of_generation_min"], Parse("?time_of_generation_min=2030-01-01T00:00:00Z").Errors.Fields);

    [Fact]
    public void Parse_FiltersOfLogs_AreKept()
    {
        var (query, errors) = Parse("?provider=openai-prod&model=gpt-4o&metadata._user=ada&limit=5");
        Assert.True(errors.IsEmpty);
        Assert.Equal(("openai-prod", "gpt-4o", "ada", 5), (query.Filters.Provider, query.Filters.Model, query.Filters.Metadata["_user"], query.Limit));
        Assert.True(query.NeedsRawEvents);
    }
}
