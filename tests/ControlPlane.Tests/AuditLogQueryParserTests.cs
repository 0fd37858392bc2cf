using ControlPlane.Audit;
using ControlPlane.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ControlPlane.Tests;

public sealed class AuditLogQueryParserTests
{
    private static (AuditLogQuery Query, ValidationErrors Errors) Parse(string queryString)
    {
        var errors = new ValidationErrors();
        return (AuditLogQueryParser.Parse(QueryHelpers.ParseQuery(queryString), errors), errors);
    }

    [Fact]
    public void Parse_ReadsEveryFilter()
    {
        var actor = Guid.NewGuid();
        var workspace = Guid.NewGuid();
        var (query, errors) = Parse(
            $"?time_min=2025-01-01T00:00:00Z&time_max=2025-01-02T00:00:00%2B02:00&actor_api_key_id={actor}&workspace_id={workspace}"
            + "&resource_type=api_key&resource_id=abc&action=rotate&limit=10");
        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 22, 0, 0, TimeSpan.Zero), query.To);
        Assert.Equal((actor, workspace, "api_key", "abc", "rotate", 10),
            (query.ActorApiKeyId, query.WorkspaceId, query.ResourceType, query.ResourceId, query.Action, query.Limit));
    }

    [Fact]
    public void Parse_WithoutFilters_DefaultsToFiftyUnfiltered()
    {
        var (query, errors) = Parse("");
        Assert.True(errors.IsEmpty);
        Assert.Equal(new AuditLogQuery(), query);
        Assert.Equal(50, query.Limit);
    }

    [Theory]
    [InlineData("time_min=yesterday", "time_min")]
    [InlineData("time_max=2025-13-01", "time_max")]
    [InlineData("actor_api_key_id=42", "actor_api_key_id")]
    [InlineData("workspace_id=nope", "workspace_id")]
    [InlineData("resource_type=", "resource_type")]
    [InlineData("action=", "action")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=%%%", "cursor")]
    [InlineData("time_min=2025-02-01T00:00:00Z&time_max=2025-01-01T00:00:00Z", "time_min")]
    public void Parse_BadValue_NamesTheParameter(string queryString, string parameter) =>
        Assert.Equal([parameter], Parse("?" + queryString).Errors.Fields);

    [Fact]
    public void Parse_CursorFromAPage_RoundTrips()
    {
        var cursor = new KeysetCursor(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.NewGuid());
        var (query, errors) = Parse("?cursor=" + cursor.Encode());
        Assert.True(errors.IsEmpty);
        Assert.Equal(cursor, query.Cursor);
    }
}
