using System.Collections.Concurrent;
using System.Text.Json;
using Contracts.Json;
using Contracts.Usage;
using LogIngestor.Rollups;
using Npgsql;
using NpgsqlTypes;

namespace LogIngestor.Ingestion;

/// <summary>
/// Stores usage events in <c>request_logs</c>, each event once, and adds exactly the events it stored to
/// <c>request_rollups</c>: binary COPY into a temporary staging table, one <c>INSERT … ON CONFLICT DO NOTHING
/// RETURNING id</c>, then the rollup upsert, in one transaction. A redelivered batch, or an event repeated inside
/// a batch, is counted as a duplicate, not stored (nor rolled up) twice.
/// </summary>
internal sealed class RequestLogWriter(
    NpgsqlDataSource dataSource,
    IngestionMetrics metrics,
    TimeProvider time,
    ILogger<RequestLogWriter> logger)
{
    private const string StagingTable = "request_logs_staging";

    private const string Columns =
        "id, created_at, trace_id, workspace_id, api_key_id, provider, ai_provider, model, path, status, error_type, stream, " +
        "prompt_tokens, completion_tokens, cached_tokens, total_tokens, cost_usd, price_known, latency_ms, upstream_latency_ms, " +
        "ttft_ms, cache_status, retry_count, last_used_option_index, config_id, config_version, metadata, attempts, guardrails, request_body, response_body";

    private const string CreateStagingSql =
        $"CREATE TEMP TABLE {StagingTable} (LIKE request_logs INCLUDING DEFAULTS) ON COMMIT DROP";

    private const string CopySql = $"COPY {StagingTable} ({Columns}) FROM STDIN (FORMAT BINARY)";

    // Id order: two writers inserting overlapping events take their index locks in the same order.
    // RETURNING names the rows this insert added; only those feed the rollups, so a redelivery adds nothing.
    private const string InsertSql =
        $"INSERT INTO request_logs ({Columns}) SELECT {Columns} FROM {StagingTable} ORDER BY id ON CONFLICT DO NOTHING RETURNING id";

    private const string EnsurePartitionSql = "SELECT ensure_request_log_partitions($1, $1)";

    /// <summary>Days whose partition is known to exist, so the common batch costs no extra round trip.</summary>
    private readonly ConcurrentDictionary<DateOnly, byte> _ensuredDays = new();

    public async Task<WriteResult> WriteAsync(IReadOnlyList<UsageEvent?> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = new List<UsageEvent>(events.Count);
        var seen = new HashSet<Guid>(events.Count);
        var rejected = 0;
        var repeated = 0;
        foreach (var usage in events)
        {
            var reason = UsageEventValidator.Validate(usage, now);
            if (reason is not null)
            {
                rejected++;
                logger.EventRejected(usage?.EventId, Shorten(usage?.TraceId), reason);
                continue;
            }

            if (!seen.Add(usage!.EventId))
            {
                repeated++;
                continue;
            }

            rows.Add(usage);
        }

        var inserted = rows.Count == 0 ? 0 : await StoreAsync(rows, cancellationToken);
        var result = new WriteResult(inserted, repeated + rows.Count - inserted, rejected);
        metrics.Record(result);
        logger.BatchWritten(result.Written, result.Duplicates, result.Rejected);
        return result;
    }

    private async Task<int> StoreAsync(List<UsageEvent> rows, CancellationToken cancellationToken)
    {
        await EnsurePartitionsAsync(rows, cancellationToken);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var create = new NpgsqlCommand(CreateStagingSql, connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken))
            {
                foreach (var row in rows)
                {
                    await WriteRowAsync(importer, row, cancellationToken);
                }

                await importer.CompleteAsync(cancellationToken);
            }

            var inserted = new HashSet<Guid>(rows.Count);
            await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
            await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    inserted.Add(reader.GetGuid(0));
                }
            }

            var rollups = RollupBuilder.Build(rows.Where(row => inserted.Contains(row.EventId)).Select(ToRollupSource));
            await RollupWriter.WriteAsync(connection, transaction, rollups, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return inserted.Count;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // "No partition found for row": someone dropped a partition we remembered; re-ensure on the retry.
            _ensuredDays.Clear();
            throw;
        }
    }

    private async Task EnsurePartitionsAsync(List<UsageEvent> rows, CancellationToken cancellationToken)
    {
        var missing = rows
            .Select(row => DateOnly.FromDateTime(row.Timestamp.UtcDateTime))
            .Distinct()
            .Where(day => !_ensuredDays.ContainsKey(day))
            .Order()
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // Outside the write transaction: creating a partition locks request_logs, briefly.
        await using var batch = dataSource.CreateBatch();
        foreach (var day in missing)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(EnsurePartitionSql)
            {
                Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = day } },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        foreach (var day in missing)
        {
            _ensuredDays.TryAdd(day, 0);
        }

        logger.PartitionsEnsured(string.Join(", ", missing.Select(day => day.ToString("yyyy-MM-dd"))));
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter importer, UsageEvent row, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(row.EventId, NpgsqlDbType.Uuid, cancellationToken);
        // timestamptz takes UTC only; events may carry any offset.
        await importer.WriteAsync(row.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(PostgresText.Clean(row.TraceId)!, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(importer, row.WorkspaceId, NpgsqlDbType.Uuid, cancellationToken);
        await WriteNullableAsync(importer, row.ApiKeyId, NpgsqlDbType.Uuid, cancellationToken);
        await WriteTextAsync(importer, row.Provider, cancellationToken);
        await WriteTextAsync(importer, row.AiProvider, cancellationToken);
        await WriteTextAsync(importer, row.Model, cancellationToken);
        await importer.WriteAsync(PostgresText.Clean(row.Path)!, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(row.Status, NpgsqlDbType.Integer, cancellationToken);
        await WriteTextAsync(importer, row.ErrorType, cancellationToken);
        await importer.WriteAsync(row.Stream, NpgsqlDbType.Boolean, cancellationToken);
        await importer.WriteAsync(row.PromptTokens, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(row.CompletionTokens, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(row.CachedTokens, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(row.PromptTokens + row.CompletionTokens, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(row.CostUsd, NpgsqlDbType.Numeric, cancellationToken);
        await importer.WriteAsync(row.PriceKnown, NpgsqlDbType.Boolean, cancellationToken);
        await importer.WriteAsync(row.LatencyMs, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(row.UpstreamLatencyMs, NpgsqlDbType.Integer, cancellationToken);
        await WriteNullableAsync(importer, row.TtftMs, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(StoredCacheStatus(row), NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(row.RetryCount, NpgsqlDbType.Integer, cancellationToken);
        await WriteTextAsync(importer, row.LastUsedOptionIndex, cancellationToken);
        await WriteTextAsync(importer, row.ConfigId, cancellationToken);
        await WriteNullableAsync(importer, row.ConfigVersion, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(MetadataJson(row.Metadata), NpgsqlDbType.Jsonb, cancellationToken);
        await importer.WriteAsync(AttemptsJson(row.Attempts), NpgsqlDbType.Jsonb, cancellationToken);
        await importer.WriteAsync(GuardrailsJson(row.Guardrails), NpgsqlDbType.Jsonb, cancellationToken);
        await WriteTextAsync(importer, row.RequestBody, cancellationToken);
        await WriteTextAsync(importer, row.ResponseBody, cancellationToken);
    }

    private static string StoredCacheStatus(UsageEvent row) =>
        PostgresText.Clean(string.IsNullOrWhiteSpace(row.CacheStatus) ? CacheStatuses.Disabled : row.CacheStatus)!;

    /// <summary>The row's rollup fields exactly as stored (cleaned text), so rollups group as the logs do.</summary>
    private static RollupSource ToRollupSource(UsageEvent row) => new(
        row.Timestamp.UtcDateTime,
        row.WorkspaceId,
        row.ApiKeyId,
        PostgresText.Clean(row.Provider),
        PostgresText.Clean(row.Model),
        row.Status,
        StoredCacheStatus(row),
        row.PromptTokens,
        row.CompletionTokens,
        row.CachedTokens,
        row.CostUsd,
        row.LatencyMs);

    /// <summary>A JSON array of the attempts in the contract's snake_case; null entries (a producer's bug) are dropped.</summary>
    private static string AttemptsJson(IReadOnlyList<UsageAttempt>? attempts)
    {
        if (attempts is null || attempts.Count == 0)
        {
            return "[]";
        }

        var cleaned = attempts
            .Where(attempt => attempt is not null)
            .Select(attempt => attempt with
            {
                OptionIndex = PostgresText.Clean(attempt.OptionIndex),
                Provider = PostgresText.Clean(attempt.Provider),
                Model = PostgresText.Clean(attempt.Model),
                ErrorType = PostgresText.Clean(attempt.ErrorType),
            })
            .ToList();
        return JsonSerializer.Serialize(cleaned, ContractJson.Options);
    }

    /// <summary>
    /// A JSON array of the guardrail verdicts in the contract's snake_case. Null entries are dropped and a non-finite
    /// latency becomes 0: JSON has no NaN, and one bad number must not fail the batch on every redelivery.
    /// </summary>
    private static string GuardrailsJson(IReadOnlyList<GuardrailVerdict>? guardrails)
    {
        if (guardrails is null || guardrails.Count == 0)
        {
            return "[]";
        }

        var cleaned = guardrails
            .Where(verdict => verdict is not null)
            .Select(verdict => verdict with
            {
                Hook = PostgresText.Clean(verdict.Hook)!,
                Guardrail = PostgresText.Clean(verdict.Guardrail)!,
                Action = PostgresText.Clean(verdict.Action)!,
                LatencyMs = Finite(verdict.LatencyMs),
                Checks = (verdict.Checks ?? [])
                    .Where(check => check is not null)
                    .Select(check => check with
                    {
                        Check = PostgresText.Clean(check.Check)!,
                        Explanation = PostgresText.Clean(check.Explanation),
                        LatencyMs = Finite(check.LatencyMs),
                    })
                    .ToList(),
            })
            .ToList();
        return JsonSerializer.Serialize(cleaned, ContractJson.Options);
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    /// <summary>A JSON object of strings; entries with a null value are dropped (the contract has none).</summary>
    private static string MetadataJson(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return "{}";
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in metadata)
            {
                if (value is not null)
                {
                    json.WriteString(PostgresText.Clean(key)!, PostgresText.Clean(value));
                }
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(PostgresText.Clean(value)!, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } present
            ? importer.WriteAsync(present, type, cancellationToken)
            : importer.WriteNullAsync(cancellationToken);

    private static string? Shorten(string? value) => value is { Length: > 128 } ? value[..128] : value;
}
