using System.Diagnostics.Metrics;
using LogIngestor.Ingestion;
using LogIngestor.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TestKit.Postgres;

namespace LogIngestor.Tests;

/// <summary>A fresh analytics database on the shared server, and the service's own classes pointed at it.</summary>
internal sealed class AnalyticsDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private AnalyticsDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new IngestionMetrics(MeterFactory);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>This database's own meter factory: its meters' <c>Scope</c>, to tell them from other tests'.</summary>
    public IMeterFactory MeterFactory { get; }

    public IngestionMetrics Metrics { get; }

    public static async Task<AnalyticsDatabase> CreateAsync(PostgresServer server, bool migrate = true)
    {
        var database = new AnalyticsDatabase(await server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
        if (migrate)
        {
            await database.MigrateAsync();
        }

        return database;
    }

    public async Task<int> MigrateAsync()
    {
        // A data source of its own per run, as each replica would have.
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var db = new AnalyticsDbContext(AnalyticsDbContext.CreateOptions(dataSource));
        return await new SchemaMigrator(db).MigrateAsync(TestContext.Current.CancellationToken);
    }

    public RequestLogWriter CreateWriter(NpgsqlDataSource? dataSource = null, TimeProvider? time = null) =>
        new(dataSource ?? DataSource, Metrics, time ?? TimeProvider.System, NullLogger<RequestLogWriter>.Instance);

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return (T)value!;
    }

    public async Task<List<string>> StringsAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _services.DisposeAsync();
    }
}
