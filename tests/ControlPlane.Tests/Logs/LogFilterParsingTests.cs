using ControlPlane.Http;
using ControlPlane.Logs;
using Microsoft.AspNetCore.WebUtilities;

namespace ControlPlane.Tests.Logs;

public sealed class LogFilterParsingTests
{
    private static (LogQuery Query, ValidationErrors Errors) Parse(string queryString)
    {
        var errors = new ValidationErrors();
        return (LogQueryParser.Parse(QueryHelpers.ParseQuery(queryString), errors), errors);
    }

    [Theory]
    [InlineData("HIT")]
    [InlineData("SEMANTIC HIT")]
    [InlineData("DISABLED")]
    public void Parse_KnownCacheStatus_IsKept(string status)
    {
        var (query, errors) = Parse("?cache_status=" + Uri.EscapeDataString(status));
        Assert.True(errors.IsEmpty);
        Assert.Equal(status, query.CacheStatus);
    }

    [Fact]
    public void Parse_UnknownCacheStatus_NamesCacheStatus()
    {
        var (_, errors) = Parse("?cache_status=hit");
        Assert.Equal(["cache_status"], errors.Fields);
    }

    [Theory]
    [InlineData("denied")]
    [InlineData("warned")]
    [InlineData("redacted")]
    public void Parse_GuardrailAction_IsKept_AndReadsRawEvents(string action)
    {
        var (query, errors) = Parse("?guardrail_action=" + action);
        Assert.True(errors.IsEmpty);
        Assert.Equal(action, query.GuardrailAction);
        Assert.True(LogFilterSql.NeedsRawEvents(query));
    }

    [Theory]
    [InlineData("DENIED")]
    [InlineData("deny")]
    [InlineData("")]
    public void Parse_UnknownGuardrailAction_NamesGuardrailAction(string action)
    {
        var (_, errors) = Parse("?guardrail_action=" + action);
        Assert.Equal(["guardrail_action"], errors.Fields);
    }

    [Fact]
    public void ForRequestLogs_GuardrailAction_IsAContainmentOnTheVerdictsArray()
    {
        var where = LogFilterSql.ForRequestLogs(new LogQuery { GuardrailAction = "warned" }, workspaceScope: null);

        Assert.Equal("guardrails @> @p0", where.ToSql());
        Assert.Equal("""[{"action":"warned"}]""", where.Parameters[0].Value);
        Assert.Equal(NpgsqlTypes.NpgsqlDbType.Jsonb, where.Parameters[0].NpgsqlDbType);
    }

    [Fact]
    public void Parse_SeveralBadFilters_NamesEachInOneProblem()
    {
        var (_, errors) = Parse("?cache_status=NOPE&workspace_id=x&provider=&status=99&time_of_generation_max=tomorrow");
        Assert.Equal(["cache_status", "provider", "status", "time_of_generation_max", "workspace_id"], errors.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ForRequestLogs_EveryFilter_BecomesAParameterisedCondition()
    {
        var workspace = Guid.NewGuid();
        var (query, _) = Parse($"?workspace_id={workspace}&provider=p'; DROP TABLE x;--&status=500&trace_id=t&cache_status=MISS&metadata._user=ada" +
            "&time_of_generation_min=2025-01-01T00:00:00Z&time_of_generation_max=2025-01-02T00:00:00Z");
        var where = LogFilterSql.ForRequestLogs(query, workspaceScope: null);
        var sql = where.ToSql();

        Assert.DoesNotContain("DROP", sql);
        foreach (var condition in new[] { "workspace_id = @", "provider = @", "status = @", "trace_id = @", "cache_status = @", "metadata @> @", "created_at >= @", "created_at <= @" })
        {
            Assert.Contains(condition, sql);
        }

        Assert.Contains(where.Parameters, p => Equals(p.Value, "p'; DROP TABLE x;--"));
        Assert.Contains(where.Parameters, p => Equals(p.Value, "{\"_user\":\"ada\"}"));
    }

    [Fact]
    public void ForRequestLogs_WorkspaceKey_AlwaysAddsItsWorkspace()
    {
        var scope = Guid.NewGuid();
        var other = Guid.NewGuid();
        var where = LogFilterSql.ForRequestLogs(new LogQuery { WorkspaceId = other }, scope);

        // Both conditions hold together: asking for another workspace finds nothing.
        Assert.Equal("workspace_id = @p0 AND workspace_id = @p1", where.ToSql());
        Assert.Equal([scope, other], where.Parameters.Select(p => (Guid)p.Value!));
    }

    [Fact]
    public void NeedsRawEvents_OnlyForFiltersTheRollupsLack()
    {
        Assert.False(LogFilterSql.NeedsRawEvents(new LogQuery { WorkspaceId = Guid.NewGuid(), ApiKeyId = Guid.NewGuid(), Provider = "p", Model = "m" }));
        Assert.True(LogFilterSql.NeedsRawEvents(new LogQuery { Status = 500 }));
        Assert.True(LogFilterSql.NeedsRawEvents(new LogQuery { TraceId = "t" }));
        Assert.True(LogFilterSql.NeedsRawEvents(new LogQuery { CacheStatus = "HIT" }));
        Assert.True(LogFilterSql.NeedsRawEvents(new LogQuery { Metadata = new Dictionary<string, string> { ["k"] = "v" } }));
    }
}
