using Contracts;
using Contracts.Security;
using ControlPlane.Catalog;
using ControlPlane.Configuration;
using ControlPlane.Snapshots;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ControlPlane.Startup;

/// <summary>
/// Runs before Kestrel serves (hosted services start first under WebApplication): migrates the
/// catalog, seeds the <c>default</c> workspace, upserts the bootstrap admin key, publishes the
/// first snapshot. Replicas starting together serialise on a PostgreSQL advisory lock.
/// </summary>
internal sealed class CatalogInitializer(
    IServiceScopeFactory scopeFactory,
    SnapshotPublisher publisher,
    StartupState state,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<CatalogInitializer> logger) : IHostedService
{
    public const string DefaultWorkspaceSlug = "default";
    private const long InitLockKey = 0x436174616C6F67; // "Catalog"
    private const int MaxAttempts = 15;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InitializeAsync(cancellationToken);
                break;
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is not OperationCanceledException)
            {
                // The database may still be starting (standalone runs have no WaitFor).
                Log.CatalogInitRetry(logger, attempt, ex);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }

        Log.CatalogReady(logger);
        await publisher.PublishAsync(overwrite: true, cancellationToken);
        state.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        await EnsureDatabaseAsync(db, cancellationToken);

        // A session-level lock held on its own connection covers migrations and seeding together;
        // EF's own migration lock would not cover the seeding.
        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", InitLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        await SeedDefaultWorkspaceAsync(db, cancellationToken);
        await UpsertBootstrapKeyAsync(db, cancellationToken);
        // Closing the connection releases the advisory lock.
    }

    private static async Task EnsureDatabaseAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.Database.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another replica created it first.
        }
    }

    private async Task SeedDefaultWorkspaceAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Workspaces.AnyAsync(w => w.Slug == DefaultWorkspaceSlug, cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNowForDb();
        db.Workspaces.Add(new Workspace
        {
            Id = Guid.CreateVersion7(),
            Slug = DefaultWorkspaceSlug,
            Name = "Default",
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task UpsertBootstrapKeyAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var hash = ApiKeyHasher.Hash(options.Value.AdminApiKey);
        var now = time.GetUtcNowForDb();
        var candidates = await db.ApiKeys.Where(k => k.IsBootstrap || k.KeyHash == hash).ToListAsync(cancellationToken);

        var revoked = 0;
        foreach (var previous in candidates.Where(k => k.KeyHash != hash && k.RevokedAt is null))
        {
            previous.RevokedAt = now;
            previous.UpdatedAt = now;
            revoked++;
        }

        var current = candidates.FirstOrDefault(k => k.KeyHash == hash);
        if (current is null)
        {
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7(),
                Name = "Bootstrap admin key",
                Type = ApiKeyTypes.Organisation,
                SubType = ApiKeyTypes.Service,
                KeyHash = hash,
                Scopes = [.. Scopes.All],
                IsBootstrap = true,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        else if (!current.IsBootstrap || current.RevokedAt is not null || current.ExpiresAt is not null
                 || current.WorkspaceId is not null || !Scopes.All.All(current.Scopes.Contains))
        {
            // The configured key is always a working organisation admin key.
            current.IsBootstrap = true;
            current.Type = ApiKeyTypes.Organisation;
            current.WorkspaceId = null;
            current.Scopes = [.. Scopes.All];
            current.RevokedAt = null;
            current.ExpiresAt = null;
            current.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (revoked > 0)
        {
            Log.BootstrapKeyRotated(logger, revoked);
        }
    }
}
