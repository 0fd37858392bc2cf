using Npgsql;

namespace ControlPlane.Governance;

/// <summary>Reads the spend LogIngestor derives from request logs (<c>spend_since</c>, backed by its rollups).</summary>
internal sealed class SpendReader([FromKeyedServices(SpendReader.ConnectionName)] NpgsqlDataSource dataSource)
{
    public const string ConnectionName = "analyticsdb";

    public async Task<IReadOnlyList<SpendRow>> SinceAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT workspace_id, api_key_id, provider, prompt_tokens, completion_tokens, cost_usd FROM spend_since(@from)");
        command.Parameters.AddWithValue("from", from);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<SpendRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SpendRow(
                reader.IsDBNull(0) ? null : reader.GetGuid(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? 0m : reader.GetDecimal(5)));
        }

        return rows;
    }
}
