using Npgsql;
using NpgsqlTypes;

namespace LogIngestor.Rollups;

/// <summary>
/// Adds rollup deltas to <c>request_rollups</c> inside the caller's transaction: binary COPY into a staging table,
/// then one upsert that adds to existing rows. Rows are upserted in key order, so two writers touching the same
/// rows lock them in the same order and cannot deadlock each other.
/// </summary>
internal static class RollupWriter
{
    private const string StagingTable = "request_rollups_staging";

    private const string Columns =
        "granularity, bucket, workspace_id, api_key_id, provider, model, requests, errors, cache_hits, cache_lookups, " +
        "prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms_sum, latency_histogram";

    private const string CreateStagingSql = $"CREATE TEMP TABLE {StagingTable} (LIKE request_rollups) ON COMMIT DROP";

    private const string CopySql = $"COPY {StagingTable} ({Columns}) FROM STDIN (FORMAT BINARY)";

    private const string UpsertSql =
        $"INSERT INTO request_rollups AS r ({Columns}) " +
        $"SELECT {Columns} FROM {StagingTable} ORDER BY granularity, bucket, workspace_id, api_key_id, provider, model " +
        "ON CONFLICT ON CONSTRAINT uq_request_rollups DO UPDATE SET " +
        "requests = r.requests + excluded.requests, errors = r.errors + excluded.errors, " +
        "cache_hits = r.cache_hits + excluded.cache_hits, cache_lookups = r.cache_lookups + excluded.cache_lookups, " +
        "prompt_tokens = r.prompt_tokens + excluded.prompt_tokens, completion_tokens = r.completion_tokens + excluded.completion_tokens, " +
        "cached_tokens = r.cached_tokens + excluded.cached_tokens, cost_usd = r.cost_usd + excluded.cost_usd, " +
        "latency_ms_sum = r.latency_ms_sum + excluded.latency_ms_sum, " +
        "latency_histogram = add_histograms(r.latency_histogram, excluded.latency_histogram)";

    public static async Task WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Dictionary<RollupKey, RollupTotals> rollups,
        CancellationToken cancellationToken)
    {
        if (rollups.Count == 0)
        {
            return;
        }

        await using (var create = new NpgsqlCommand(CreateStagingSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken))
        {
            foreach (var (key, totals) in rollups)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(key.Granularity, NpgsqlDbType.Smallint, cancellationToken);
                await importer.WriteAsync(key.Bucket, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteNullableAsync(importer, key.WorkspaceId, cancellationToken);
                await WriteNullableAsync(importer, key.ApiKeyId, cancellationToken);
                await WriteTextAsync(importer, key.Provider, cancellationToken);
                await WriteTextAsync(importer, key.Model, cancellationToken);
                await importer.WriteAsync(totals.Requests, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(totals.Errors, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(totals.CacheHits, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(totals.CacheLookups, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(totals.PromptTokens, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(totals.CompletionTokens, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(totals.CachedTokens, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(totals.CostUsd, NpgsqlDbType.Numeric, cancellationToken);
                await importer.WriteAsync(totals.LatencyMsSum, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(totals.LatencyHistogram, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using var upsert = new NpgsqlCommand(UpsertSql, connection, transaction);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, Guid? value, CancellationToken cancellationToken) =>
        value is { } present
            ? importer.WriteAsync(present, NpgsqlDbType.Uuid, cancellationToken)
            : importer.WriteNullAsync(cancellationToken);
}
