using System.Data;
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
        ttft_ms, cache_status, retry_count, last_used_option_index, config_id, config_version, metadata::text, attempts::text,
        guardrails::text, request_body, response_body
        """;

    /// <param name="workspaceScope">The caller's workspace for workspace keys: only its rows are visible.</param>
    public async Task<PageResponse<LogItem>> ListAsync(LogQuery query, Guid? workspaceScope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = LogFilterSql.ForRequestLogs(query, workspaceScope);
        if (query.Cursor is { } cursor)
        {
            // Row comparison keeps the order total when timestamps tie.
            where.AddRaw($"(created_at, id) < ({where.Parameter(cursor.CreatedAt)}, {where.Parameter(cursor.Id)})");
        }

        where.CopyTo(command);
        command.CommandText = $"SELECT {Columns} FROM request_logs WHERE {where.ToSql()} ORDER BY created_at DESC, id DESC LIMIT {query.Limit + 1}";
        var items = new List<LogItem>();
        await ReadAsync(command, CommandBehavior.Default, (item, _) => { items.Add(item); return ValueTask.CompletedTask; }, cancellationToken);
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
        LogItem? found = null;
        await ReadAsync(command, CommandBehavior.SingleRow, (item, _) => { found = item; return ValueTask.CompletedTask; }, cancellationToken);
        return found;
    }

    /// <summary>
    /// Every matching row, newest first, handed to <paramref name="write"/> one at a time as PostgreSQL sends them:
    /// Npgsql reads the result from the socket as it goes, so memory stays flat however many rows match.
    /// </summary>
    public async Task ExportAsync(LogQuery query, Guid? workspaceScope, long? maxRows, Func<LogItem, CancellationToken, ValueTask> write,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = LogFilterSql.ForRequestLogs(query, workspaceScope);
        where.CopyTo(command);
        var limit = maxRows is { } max ? $" LIMIT {max}" : "";
        command.CommandText = $"SELECT {Columns} FROM request_logs WHERE {where.ToSql()} ORDER BY created_at DESC, id DESC{limit}";
        // A long export reads for as long as the client takes: no statement timeout, the request's token ends it.
        command.CommandTimeout = 0;
        await ReadAsync(command, CommandBehavior.SequentialAccess, write, cancellationToken);
    }

    private async Task ReadAsync(NpgsqlCommand command, CommandBehavior behavior, Func<LogItem, CancellationToken, ValueTask> onRow,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await command.ExecuteReaderAsync(behavior, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                await onRow(Map(reader), cancellationToken);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // LogIngestor has not created the table yet: nothing was logged.
            Log.RequestLogsMissing(logger);
        }
    }

    /// <summary>Reads the columns strictly in order, as sequential access requires.</summary>
    private static LogItem Map(NpgsqlDataReader r)
    {
        int? NullableInt(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        string? NullableString(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        Guid? NullableGuid(int i) => r.IsDBNull(i) ? null : r.GetGuid(i);
        JsonElement Json(int i)
        {
            using var document = JsonDocument.Parse(r.GetString(i));
            return document.RootElement.Clone();
        }

        return new LogItem(
            r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), NullableGuid(3), NullableGuid(4),
            NullableString(5), NullableString(6), NullableString(7), r.GetString(8), r.GetInt32(9), NullableString(10), r.GetBoolean(11),
            r.GetInt32(12), r.GetInt32(13), r.GetInt32(14), r.GetInt32(15), r.GetDecimal(16), r.GetBoolean(17), r.GetInt32(18), r.GetInt32(19),
            NullableInt(20), r.GetString(21), r.GetInt32(22), NullableString(23), NullableString(24), NullableInt(25),
            Json(26), Json(27), Json(28), NullableString(29), NullableString(30));
    }
}
