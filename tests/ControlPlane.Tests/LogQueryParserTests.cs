using ControlPlane.Http;
using ControlPlane.Logs;
using Microsoft.AspNetCore.WebUtilities;

namespace ControlPlane.Tests;

public sealed class LogQueryParserTests
{
    private static (LogQuery Query, ValidationErrors Errors) Parse(string queryString)
    {
        var errors = new ValidationErrors();
        return (LogQueryParser.Parse(QueryHelpers.ParseQuery(queryString), errors), errors);
    }

    [Fact]
    public void Parse_Empty_DefaultsToFiftyNewestFirst()
    {
        var (query, errors) = Parse("");
        Assert.True(errors.IsEmpty);
        Assert.Equal(50, query.Limit);
        Assert.Null(query.Cursor);
    }

    [Fact]
    public void Parse_AllFilters_ReadsEach()
    {
        var workspace = Guid.NewGuid();
        var (query, errors) = Parse(
            $"?time_of_generation_min=2025-01-01T00:00:00Z&time_of_generation_max=2025-01-02&workspace_id={workspace}&provider=openai-prod" +
            "&model=gpt-4o&status=429&trace_id=t1&cache_status=HIT&limit=10&metadata.tier=pro&metadata._user=u1");
        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), query.To);
        Assert.Equal(workspace, query.WorkspaceId);
        Assert.Equal(("openai-prod", "gpt-4o", 429, "t1", "HIT", 10), (query.Provider, query.Model, query.Status, query.TraceId, query.CacheStatus, query.Limit));
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "pro", ["_user"] = "u1" }, query.Metadata);
    }

    [Fact]
    public void Parse_BadValues_NamesEachParameter()
    {
        var (_, errors) = Parse("?limit=501&cursor=nope&status=ok&time_of_generation_min=yesterday&api_key_id=42");
        Assert.Equal(["api_key_id", "cursor", "limit", "status", "time_of_generation_min"], errors.Fields.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void Parse_LimitOutOfRange_NamesLimit(string limit) =>
        Assert.Equal(["limit"], Parse($"?limit={limit}").Errors.Fields);

    [Fact]
    public void Parse_MinAfterMax_NamesMin() =>
        Assert.Equal(["time_of_generation_min"], Parse("?time_of_generation_min=2025-02-01&time_of_generation_max=2025-01-01").Errors.Fields);

    [Fact]
    public void Parse_CursorFromAPage_RoundTrips()
    {
        var cursor = new KeysetCursor(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.NewGuid());
        var (query, errors) = Parse($"?cursor={cursor.Encode()}");
        Assert.True(errors.IsEmpty);
        Assert.Equal(cursor, query.Cursor);
    }
}
