using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Catalog.EntityConfigurations;

internal sealed class ConfigConfiguration : IEntityTypeConfiguration<Config>
{
    public void Configure(EntityTypeBuilder<Config> builder)
    {
        builder.ToTable("configs");
        builder.Property(c => c.Id).HasMaxLength(40);
        builder.Property(c => c.Name).HasMaxLength(200);
        // Two concurrent PUTs must not both think they made version N+1.
        builder.Property(c => c.LatestVersion).IsConcurrencyToken();
        // Names are unique among a workspace's live configs; deleted ones free their name.
        builder.HasIndex(c => new { c.WorkspaceId, c.Name }).IsUnique().HasFilter("deleted_at IS NULL");
        // A deleted workspace takes its configs (live or soft-deleted) with it; soft-deleted rows must not block it.
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
