using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Catalog;

/// <summary>The control plane's catalog (connection <c>catalogdb</c>). ControlPlane is its only writer.</summary>
internal sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    /// <summary>Snapshot versions: a sequence keeps them monotonic across replicas and restarts.</summary>
    public const string SnapshotVersionSequence = "snapshot_version_seq";

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Provider> Providers => Set<Provider>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();
    public DbSet<ModelPriceOverride> ModelPrices => Set<ModelPriceOverride>();
    public DbSet<Config> Configs => Set<Config>();
    public DbSet<ConfigVersion> ConfigVersions => Set<ConfigVersion>();
    public DbSet<Guardrail> Guardrails => Set<Guardrail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasSequence<long>(SnapshotVersionSequence);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogDbContext).Assembly);
    }
}
