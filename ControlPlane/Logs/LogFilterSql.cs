using System.Text.Json;
using NpgsqlTypes;

namespace ControlPlane.Logs;

/// <summary>The filters of a <see cref="LogQuery"/> as SQL conditions, shared by logs, exports and analytics.</summary>
internal static class LogFilterSql
{
    /// <summary>
    /// Conditions on <c>request_logs</c>: every filter (time range too, unless <paramref name="includeTime"/> is off) and
    /// the caller's workspace. The cursor is not a filter: paging adds it.
    /// </summary>
    public static SqlConditions ForRequestLogs(LogQuery query, Guid? workspaceScope, bool includeTime = true)
    {
        var where = new SqlConditions();
        AddDimensions(where, query, workspaceScope);
        if (includeTime)
        {
            if (query.From is { } from) where.Add("created_at >= {p}", from);
            if (query.To is { } to) where.Add("created_at <= {p}", to);
        }

        if (query.Status is { } status) where.Add("status = {p}", status);
        if (query.TraceId is { } traceId) where.Add("trace_id = {p}", traceId);
        if (query.CacheStatus is { } cacheStatus) where.Add("cache_status = {p}", cacheStatus);
        // Containment (any element of the array with that action) uses the GIN index (jsonb_path_ops).
        if (query.GuardrailAction is { } action) where.Add("guardrails @> {p}", GuardrailActionFilter(action), NpgsqlDbType.Jsonb);
        // Containment uses the GIN index (jsonb_path_ops).
        if (query.Metadata.Count > 0) where.Add("metadata @> {p}", JsonSerializer.Serialize(query.Metadata), NpgsqlDbType.Jsonb);
        return where;
    }

    /// <summary>The filters both tables have (workspace, API key, provider, model) and the caller's workspace.</summary>
    public static void AddDimensions(SqlConditions where, LogQuery query, Guid? workspaceScope)
    {
        if (workspaceScope is { } scope) where.Add("workspace_id = {p}", scope);
        if (query.WorkspaceId is { } workspaceId) where.Add("workspace_id = {p}", workspaceId);
        if (query.ApiKeyId is { } apiKeyId) where.Add("api_key_id = {p}", apiKeyId);
        if (query.Provider is { } provider) where.Add("provider = {p}", provider);
        if (query.Model is { } model) where.Add("model = {p}", model);
    }

    /// <summary>Whether a filter needs the raw events: the rollups are not kept per status, trace, cache status, guardrail action or metadata.</summary>
    public static bool NeedsRawEvents(LogQuery query) =>
        query.Status is not null || query.TraceId is not null || query.CacheStatus is not null || query.GuardrailAction is not null ||
        query.Metadata.Count > 0;

    /// <summary><c>[{"action": "&lt;action&gt;"}]</c>: what a guardrails array containing a verdict with that action contains.</summary>
    public static string GuardrailActionFilter(string action) =>
        JsonSerializer.Serialize(new[] { new Dictionary<string, string> { ["action"] = action } });
}
