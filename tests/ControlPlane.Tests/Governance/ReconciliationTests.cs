using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Contracts.Limits;
using ControlPlane.Governance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ControlPlane.Tests.Governance;

public sealed class ReconciliationTests(GovernanceHost host) : IClassFixture<GovernanceHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>One hour rollup this hour for the key, as LogIngestor writes them.</summary>
    private async Task SeedSpendAsync(Guid apiKeyId, string provider, decimal costUsd, long prompt, long completion)
    {
        await using var dataSource = NpgsqlDataSource.Create(host.AnalyticsConnectionString);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO request_rollups (granularity, bucket, workspace_id, api_key_id, provider, model, requests, errors, cache_hits,
              cache_lookups, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms_sum, latency_histogram)
            VALUES (60, date_trunc('hour', now(), 'UTC'), NULL, $1, $2, 'gpt-4o', 3, 0, 0, 0, $3, $4, 0, $5, 0, '{}')
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = apiKeyId });
        command.Parameters.Add(new NpgsqlParameter { Value = provider });
        command.Parameters.Add(new NpgsqlParameter { Value = prompt });
        command.Parameters.Add(new NpgsqlParameter { Value = completion });
        command.Parameters.Add(new NpgsqlParameter { Value = costUsd });
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private async Task<Guid> KeyAsync(string type) =>
        (await host.SendAsync(HttpMethod.Post, "/v1/api-keys/organisation/service",
            new { name = "reconciled", usage_limits = new { type, credit_limit = 1_000_000, periodic_reset = "monthly" } }, HttpStatusCode.Created))
        .GetProperty("id").GetGuid();

    private string BudgetKey(Guid id) => GovernanceKeys.Budget(LimitScope.ApiKey, id, BudgetPeriod.Segment("monthly", DateTimeOffset.UtcNow));

    [Fact]
    public async Task Background_RaisesALowCounterToTheAnalyticsSpend()
    {
        var id = await KeyAsync("cost");
        var db = host.Redis.GetDatabase();
        await db.HashSetAsync(BudgetKey(id), GovernanceKeys.FieldSpent, 100);
        await SeedSpendAsync(id, "openai-main", 0.5m, 10, 5);

        for (var i = 0; i < 100 && (long)await db.HashGetAsync(BudgetKey(id), GovernanceKeys.FieldSpent) != 500_000_000; i++)
        {
            await Task.Delay(100, Cancellation);
        }

        Assert.Equal(500_000_000, (long)await db.HashGetAsync(BudgetKey(id), GovernanceKeys.FieldSpent));
    }

    [Fact]
    public async Task Reconcile_NeverLowersACounterAboveTheAnalyticsSpend_AndCountsTokens()
    {
        var reconciler = host.Services.GetServices<IHostedService>().OfType<BudgetReconciler>().Single();
        var ahead = await KeyAsync("tokens");
        var behind = await KeyAsync("tokens");
        var db = host.Redis.GetDatabase();
        await db.HashSetAsync(BudgetKey(ahead), GovernanceKeys.FieldSpent, 5_000);
        await db.HashSetAsync(BudgetKey(behind), GovernanceKeys.FieldSpent, 10);
        await SeedSpendAsync(ahead, "openai-main", 1m, 300, 200);
        await SeedSpendAsync(behind, "openai-main", 1m, 300, 200);

        await reconciler.ReconcileAsync(Cancellation);

        Assert.Equal(5_000, (long)await db.HashGetAsync(BudgetKey(ahead), GovernanceKeys.FieldSpent));
        Assert.Equal(500, (long)await db.HashGetAsync(BudgetKey(behind), GovernanceKeys.FieldSpent));
    }

    [Fact]
    public async Task Reconcile_AfterAManualReset_CountsOnlyTheSpendSinceTheReset()
    {
        var reconciler = host.Services.GetServices<IHostedService>().OfType<BudgetReconciler>().Single();
        var id = await KeyAsync("tokens");
        await SeedSpendAsync(id, "openai-main", 1m, 300, 200);
        // Reset a minute from now: nothing in analytics is that recent, so the counter must stay at zero.
        var db = host.Redis.GetDatabase();
        await db.HashSetAsync(BudgetKey(id), [
            new StackExchange.Redis.HashEntry(GovernanceKeys.FieldSpent, 0),
            new StackExchange.Redis.HashEntry(GovernanceKeys.FieldResetAt, DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeMilliseconds())]);

        await reconciler.ReconcileAsync(Cancellation);

        Assert.Equal(0, (long)await db.HashGetAsync(BudgetKey(id), GovernanceKeys.FieldSpent));
    }

    [Fact]
    public async Task Reconcile_ReportsDriftPerScope_AndCountsCorrections()
    {
        var reconciler = host.Services.GetServices<IHostedService>().OfType<BudgetReconciler>().Single();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var recorded = new ConcurrentQueue<(string Instrument, long Value, string? Scope)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GovernanceMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? scope = null;
            foreach (var tag in tags)
            {
                scope = tag.Key == "scope" ? tag.Value as string : scope;
            }

            recorded.Enqueue((instrument.Name, value, scope));
        });
        listener.Start();
        var id = await KeyAsync("tokens");
        await host.Redis.GetDatabase().HashSetAsync(BudgetKey(id), GovernanceKeys.FieldSpent, 100);
        await SeedSpendAsync(id, "openai-main", 1m, 700, 300);

        await reconciler.ReconcileAsync(Cancellation);

        Assert.Contains(("gateway.budget.drift", 900L, (string?)LimitScope.ApiKey), recorded);
        Assert.Contains(recorded, r => r is { Instrument: "gateway.budget.corrections", Value: 1, Scope: LimitScope.ApiKey });
    }
}
