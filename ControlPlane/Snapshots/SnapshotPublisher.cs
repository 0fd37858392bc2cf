using System.Data;
using System.Text.Json;
using Contracts.Json;
using Contracts.Snapshots;
using ControlPlane.Catalog;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace ControlPlane.Snapshots;

/// <summary>
/// Builds the snapshot from the catalog and writes it to Redis. The version comes from a
/// PostgreSQL sequence taken BEFORE reading the catalog, so the highest version always reflects
/// every change committed before it; Redis only ever moves to a higher version.
/// Failures are logged, never thrown: the periodic re-publish heals them.
/// </summary>
internal sealed class SnapshotPublisher(
    IServiceScopeFactory scopeFactory,
    IConnectionMultiplexer redis,
    TimeProvider time,
    ILogger<SnapshotPublisher> logger)
{
    // KEYS[1] snapshot, KEYS[2] version; ARGV[1] version, ARGV[2] json, ARGV[3] overwrite flag, ARGV[4] channel.
    private const string WriteScript = """
        local current = tonumber(redis.call('GET', KEYS[2]) or '-1')
        local version = tonumber(ARGV[1])
        if ARGV[3] == '1' or current < version then
          redis.call('SET', KEYS[1], ARGV[2])
          redis.call('SET', KEYS[2], ARGV[1])
          redis.call('PUBLISH', ARGV[4], ARGV[1])
          return 1
        end
        return 0
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _dirty;
    private bool _overwritePending;
    private long _latestVersion = -1;
    private string? _latestJson;

    /// <summary>The last publish failed (catalog read or Redis): publish again from scratch.</summary>
    public bool IsDirty => _dirty;

    /// <param name="overwrite">At start-up: replace whatever Redis holds (it may outlive a fresh database).</param>
    public async Task PublishAsync(bool overwrite, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _dirty = true;
            // A start-up overwrite that failed stays an overwrite when retried.
            _overwritePending |= overwrite;
            var snapshot = await BuildAsync(cancellationToken);
            var json = JsonSerializer.Serialize(snapshot, ContractJson.Options);
            _latestVersion = snapshot.Version;
            _latestJson = json;
            await WriteAsync(snapshot.Version, json, _overwritePending);
            _dirty = false;
            _overwritePending = false;
            Log.SnapshotPublished(logger, snapshot.Version, snapshot.Workspaces.Count, snapshot.Providers.Count, snapshot.ApiKeys.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SnapshotPublishFailed(logger, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the latest snapshot again when Redis lost it or holds an older one.</summary>
    public async Task RepublishIfStaleAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_latestJson is null)
            {
                return;
            }

            var stored = await redis.GetDatabase().StringGetAsync(SnapshotChannel.VersionKey);
            long? redisVersion = stored.HasValue && long.TryParse(stored.ToString(), out var v) ? v : null;
            if (redisVersion >= _latestVersion)
            {
                return;
            }

            await WriteAsync(_latestVersion, _latestJson, overwrite: false);
            Log.SnapshotRepublished(logger, redisVersion, _latestVersion);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SnapshotPublishFailed(logger, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<GatewaySnapshot> BuildAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var version = await NextVersionAsync(db, ct);
            // One consistent view of the catalog tables.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var workspaces = await db.Workspaces.AsNoTracking().ToListAsync(ct);
            var providers = await db.Providers.AsNoTracking().ToListAsync(ct);
            var apiKeys = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(ct);
            var prices = await db.ModelPrices.AsNoTracking().ToListAsync(ct);
            var configs = await db.Configs.AsNoTracking().Where(c => c.DeletedAt == null).ToListAsync(ct);
            // Only the versions in use: older versions stay in the catalog.
            var configVersions = await (
                from c in db.Configs.Where(c => c.DeletedAt == null)
                join v in db.ConfigVersions.AsNoTracking() on new { Id = c.Id, Version = c.LatestVersion } equals new { Id = v.ConfigId, v.Version }
                select v).ToListAsync(ct);
            var guardrails = await db.Guardrails.AsNoTracking().Where(g => g.DeletedAt == null).ToListAsync(ct);
            await transaction.CommitAsync(ct);
            return SnapshotBuilder.Build(version, time.GetUtcNow(), workspaces, providers, apiKeys, prices, configs, configVersions, guardrails);
        }, cancellationToken);
    }

    private static async Task<long> NextVersionAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT nextval('{CatalogDbContext.SnapshotVersionSequence}')";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task WriteAsync(long version, string json, bool overwrite)
    {
        await redis.GetDatabase().ScriptEvaluateAsync(
            WriteScript,
            [SnapshotChannel.SnapshotKey, SnapshotChannel.VersionKey],
            [version, json, overwrite ? "1" : "0", SnapshotChannel.Changed]);
    }
}
