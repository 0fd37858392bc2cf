using System.Text;
using System.Text.Json;
using ControlPlane.Http;
using Npgsql;
using NpgsqlTypes;

namespace ControlPlane.Logs;

/// <summary>
/// Reads <c>request_logs</c> in analyticsdb. LogIngestor owns and writes that table; this only reads,
/// newest first, with keyset paging on (created_at, id) — the table's index.
/// </summary>
internal sealed class RequestLogReader([FromKeyedServices(RequestLogReader.ConnectionName)] NpgsqlDataSource dataSource, ILogger<RequestLogReader> logger)
{
    public const string ConnectionName = "analyticsdb";

    private const string Columns = """
        id, trace_id, created_at, workspace_id, api_key_id, provider, ai_provider, model, path, status, error_type, stream,
        prompt_tokens, completion_tokens, cached_tokens, total_tokens, cost_usd, price_known, latency_ms, upstream_latency_ms,
        ttft_ms, cache_status, retry_count, last_used_option_index, config_id, config_version, metadata::text
        """;

    /// <param name="workspaceScope">The caller's workspace for workspace keys: only its rows are visible.</param>
    public async Task<PageResponse<LogItem>> ListAsync(LogQuery query, Guid? workspaceScope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = new StringBuilder("TRUE");
        void Filter(string sql, object value, NpgsqlDbType? type = null)
        {
            var name = $"p{command.Parameters.Count}";
            where.Append(" AND ").Append(sql.Replace("{p}", "@" + name, StringComparison.Ordinal));
            command.Parameters.Add(type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value));
        }

        if (workspaceScope is { } scope) Filter("workspace_id = {p}", scope);
        if (query.WorkspaceId is { } workspaceId) Filter("workspace_id = {p}", workspaceId);
        if (query.ApiKeyId is { } apiKeyId) Filter("api_key_id = {p}", apiKeyId);
        if (query.From is { } from) Filter("created_at >= {p}", from);
        if (query.To is { } to) Filter("created_at <= {p}", to);
        if (query.Provider is { } provider) Filter("provider = {p}", provider);
        if (query.Model is { } model) Filter("model = {p}", model);
        if (query.Status is { } status) Filter("status = {p}", status);
        if (query.TraceId is { } traceId) Filter("trace_id = {p}", traceId);
        if (query.CacheStatus is { } cacheStatus) Filter("cache_status = {p}", cacheStatus);
        if (query.Metadata.Count > 0) Filter("metadata @> {p}", JsonSerializer.Serialize(query.Metadata), NpgsqlDbType.Jsonb);
        if (query.Cursor is { } cursor)
        {
            // Row comparison keeps the order total when timestamps tie.
            command.Parameters.AddWithValue("cursor_at", cursor.CreatedAt);
            command.Parameters.AddWithValue("cursor_id", cursor.Id);
            where.Append(" AND (created_at, id) < (@cursor_at, @cursor_id)");
        }

        command.CommandText = $"SELECT {Columns} FROM request_logs WHERE {where} ORDER BY created_at DESC, id DESC LIMIT {query.Limit + 1}";
        var items = await ReadAsync(command, cancellationToken);
        if (items.Count <= query.Limit)
        {
            return new PageResponse<LogItem>(items, null);
        }

        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new PageResponse<LogItem>(items, new KeysetCursor(last.CreatedAt, last.Id).Encode());
    }

    public async Task<LogItem?> FindAsync(Guid id, Guid? workspaceScope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM request_logs WHERE id = @id AND (@scope IS NULL OR workspace_id = @scope) LIMIT 1");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("scope", NpgsqlDbType.Uuid) { Value = (object?)workspaceScope ?? DBNull.Value });
        var items = await ReadAsync(command, cancellationToken);
        return items.Count > 0 ? items[0] : null;
    }

    private async Task<List<LogItem>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var items = new List<LogItem>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Map(reader));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // LogIngestor has not created the table yet: nothing was logged.
            Log.RequestLogsMissing(logger);
        }

        return items;
    }

    private static LogItem Map(NpgsqlDataReader r)
    {
        int? NullableInt(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        string? NullableString(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        Guid? NullableGuid(int i) => r.IsDBNull(i) ? null : r.GetGuid(i);

        using var metadata = JsonDocument.Parse(r.GetString(26));
        return new LogItem(
            r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), NullableGuid(3), NullableGuid(4),
            NullableString(5), NullableString(6), NullableString(7), r.GetString(8), r.GetInt32(9), NullableString(10), r.GetBoolean(11),
            r.GetInt32(12), r.GetInt32(13), r.GetInt32(14), r.GetInt32(15), r.GetDecimal(16), r.GetBoolean(17), r.GetInt32(18), r.GetInt32(19),
            NullableInt(20), r.GetString(21), r.GetInt32(22), NullableString(23), NullableString(24), NullableInt(25),
            metadata.RootElement.Clone());
    }
}
