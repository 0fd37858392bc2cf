using Contracts.Analytics;
using ControlPlane.Logs;
using Npgsql;

namespace ControlPlane.Analytics;

/// <summary>
/// Runs the analytics SQL against analyticsdb (read only; LogIngestor owns and writes the tables) and shapes the rows:
/// every bucket of the range present (empty ones as zeros), percentiles from summed histograms.
/// </summary>
internal sealed class AnalyticsReader([FromKeyedServices(RequestLogReader.ConnectionName)] NpgsqlDataSource dataSource, ILogger<AnalyticsReader> logger)
{
    public async Task<IReadOnlyList<BucketTotals>> SeriesAsync(AnalyticsQuery query, Guid? workspaceScope, bool latency, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<DateTimeOffset, BucketTotals>();
        await RunAsync(AnalyticsSql.Series(query, workspaceScope, latency), reader =>
        {
            var totals = new BucketTotals(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetDecimal(8), reader.GetInt64(9));
            if (latency && query.NeedsRawEvents)
            {
                var p = reader.GetFieldValue<double[]>(10);
                totals = totals with { Latency = new LatencyPercentiles(LatencyPercentiles.Round(p[0]), LatencyPercentiles.Round(p[1]), LatencyPercentiles.Round(p[2])) };
            }
            else if (latency)
            {
                totals = totals with { Latency = LatencyPercentiles.FromHistogram(reader.GetFieldValue<long[]>(10)) };
            }

            rows[totals.Timestamp] = totals;
        }, cancellationToken);

        var series = new List<BucketTotals>();
        foreach (var bucket in TimeBuckets.Enumerate(query.RangeStart, query.To, query.Granularity))
        {
            series.Add(rows.TryGetValue(bucket, out var totals) ? totals : BucketTotals.Empty(bucket));
        }

        return series;
    }

    public async Task<IReadOnlyList<GroupItem>> GroupsAsync(AnalyticsQuery query, Guid? workspaceScope, GroupDimension dimension, string? metadataKey,
        CancellationToken cancellationToken)
    {
        var command = AnalyticsSql.Groups(query, workspaceScope, dimension, metadataKey);
        var items = new List<GroupItem>();
        await RunAsync(command, reader =>
        {
            var p50 = AnalyticsSql.ReadsRawEvents(query, dimension)
                ? (reader.IsDBNull(7) ? 0 : LatencyPercentiles.Round(reader.GetDouble(7)))
                : LatencyPercentiles.FromHistogram(reader.GetFieldValue<long[]>(7)).P50;
            var prompt = reader.GetInt64(3);
            var completion = reader.GetInt64(4);
            items.Add(new GroupItem(
                reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), prompt, completion,
                reader.GetInt64(5), prompt + completion, reader.GetDecimal(6), p50));
        }, cancellationToken);
        return items;
    }

    public async Task<IReadOnlyList<GuardrailGroupItem>> GuardrailGroupsAsync(AnalyticsQuery query, Guid? workspaceScope,
        CancellationToken cancellationToken)
    {
        var items = new List<GuardrailGroupItem>();
        await RunAsync(AnalyticsSql.GuardrailGroups(query, workspaceScope), reader => items.Add(new GuardrailGroupItem(
            reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
            reader.GetInt64(4), reader.GetInt64(5))), cancellationToken);
        return items;
    }

    private async Task RunAsync(AnalyticsCommand analytics, Action<NpgsqlDataReader> onRow, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // JIT compiling the 129 histogram sums costs more (0.3–0.4 s measured) than it saves on these scans of rollup rows.
            await using (var noJit = new NpgsqlCommand("SET LOCAL jit = off", connection, transaction))
            {
                await noJit.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = new NpgsqlCommand(analytics.Sql, connection, transaction);
            analytics.Parameters.CopyTo(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                onRow(reader);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // LogIngestor has not created its tables yet: nothing to count.
            Log.RequestLogsMissing(logger);
        }
    }
}
