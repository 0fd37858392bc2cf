using ControlPlane.AdminConsole.Pages.Logs;
using ControlPlane.Http;
using ControlPlane.Logs;
using Microsoft.AspNetCore.WebUtilities;

namespace ControlPlane.Tests.AdminConsole.Logs;

public sealed class LogFilterTests
{
    private static LogFilter Full() => new()
    {
        From = "2026-11-27T08:00",
        To = "2026-11-27T09:30:15",
        WorkspaceId = "8d1f3c52-5a7e-4d8b-9f0e-2b6c1a9e4d70",
        ApiKeyId = "0b6a4f0e-1111-4c2d-8e3f-5a6b7c8d9e0f",
        Provider = "openai-prod",
        Model = "gpt-4o-mini",
        Status = "200",
        TraceId = "trace 1&2",
        CacheStatus = "SEMANTIC HIT",
        GuardrailAction = "denied",
        Metadata = "team=search & rescue",
        PageSize = 20,
    };

    [Fact]
    public void ToApiUrl_IsReadByTheApisOwnParser_AsTheSameFilters()
    {
        var url = Full().ToApiUrl(cursor: null);

        Assert.StartsWith("/v1/logs?", url, StringComparison.Ordinal);
        var errors = new ValidationErrors();
        var query = LogQueryParser.Parse(QueryHelpers.ParseQuery(url[url.IndexOf('?')..]), errors);
        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 30, 15, TimeSpan.Zero), query.To);
        Assert.Equal(Guid.Parse("8d1f3c52-5a7e-4d8b-9f0e-2b6c1a9e4d70"), query.WorkspaceId);
        Assert.Equal(Guid.Parse("0b6a4f0e-1111-4c2d-8e3f-5a6b7c8d9e0f"), query.ApiKeyId);
        Assert.Equal("openai-prod", query.Provider);
        Assert.Equal("gpt-4o-mini", query.Model);
        Assert.Equal(200, query.Status);
        Assert.Equal("trace 1&2", query.TraceId);
        Assert.Equal("SEMANTIC HIT", query.CacheStatus);
        Assert.Equal("denied", query.GuardrailAction);
        Assert.Equal("search & rescue", Assert.Single(query.Metadata, m => m.Key == "team").Value);
        Assert.Equal(20, query.Limit);
    }

    [Fact]
    public void ToApiUrl_PassesTheCursor()
    {
        var url = new LogFilter().ToApiUrl("abc+/=");

        Assert.Equal("/v1/logs?limit=50&cursor=abc%2B%2F%3D", url);
    }

    [Fact]
    public void ToPageUrl_ThenFromUrl_GivesBackTheSameForm()
    {
        var filter = Full();
        var query = QueryHelpers.ParseQuery(new Uri("http://console" + filter.ToPageUrl("next")).Query);
        string? Get(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;

        var read = LogFilter.FromUrl(Get("time_of_generation_min"), Get("time_of_generation_max"), Get("workspace_id"), Get("api_key_id"),
            Get("provider"), Get("model"), Get("status"), Get("trace_id"), Get("cache_status"), Get("guardrail_action"), Get("metadata"), Get("limit"));

        Assert.Equivalent(filter, read, strict: true);
        Assert.Equal("next", Get("cursor"));
        Assert.Equal("2026-11-27T08:00:00Z", Get("time_of_generation_min"));
    }

    [Fact]
    public void ToPageUrl_WithNoFilters_IsThePlainPage()
    {
        Assert.Equal("/logs", new LogFilter { Model = "  ", Metadata = "" }.ToPageUrl());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("ten")]
    [InlineData(null)]
    public void FromUrl_APageSizeOutsideTheApisRange_IsTheDefault(string? limit)
    {
        var filter = LogFilter.FromUrl(null, null, null, null, null, null, null, null, null, null, null, limit);

        Assert.Null(filter.PageSize);
        Assert.StartsWith("/v1/logs?limit=50", filter.ToApiUrl(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team")]
    [InlineData("=search")]
    [InlineData("team=")]
    [InlineData(" = ")]
    public void Metadata_WithoutBothKeyAndValue_IsAnErrorAndNotSent(string metadata)
    {
        var filter = new LogFilter { Metadata = metadata };

        Assert.NotNull(filter.MetadataError);
        Assert.DoesNotContain("metadata", filter.ToApiUrl(), StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_ValueMayHoldAnEqualsSign()
    {
        var filter = new LogFilter { Metadata = "expr=a=b" };

        Assert.Null(filter.MetadataError);
        Assert.Equal("/v1/logs?limit=50&metadata.expr=a%3Db", filter.ToApiUrl());
    }

    [Theory]
    [InlineData("2026-11-27T08:00:00Z", "2026-11-27T08:00")]
    [InlineData("2026-11-27T08:00:05Z", "2026-11-27T08:00:05")]
    [InlineData("2026-11-27T10:00:00+02:00", "2026-11-27T08:00")]
    [InlineData("not a time", "not a time")]
    [InlineData("", null)]
    public void ToInputTime_ShowsUtcForTheDateTimeLocalInput(string iso, string? expected)
    {
        Assert.Equal(expected, LogFilter.ToInputTime(iso));
    }

    [Fact]
    public void ToIsoTime_ReadsTheInputAsUtc()
    {
        Assert.Equal("2026-11-27T08:00:00Z", LogFilter.ToIsoTime("2026-11-27T08:00"));
        Assert.Equal("yesterday", LogFilter.ToIsoTime("yesterday"));
    }

    [Theory]
    [InlineData("/logs?model=x&cursor=abc", "/logs?model=x&cursor=abc")]
    [InlineData("/logs", "/logs")]
    [InlineData("https://evil.example/logs", "/logs")]
    [InlineData("//evil.example/logs", "/logs")]
    [InlineData("/logsx", "/logs")]
    [InlineData("/api-keys", "/logs")]
    [InlineData(null, "/logs")]
    public void ListUrlOrDefault_GoesBackOnlyToTheLogsList(string? back, string expected)
    {
        Assert.Equal(expected, LogFilter.ListUrlOrDefault(back));
    }
}
