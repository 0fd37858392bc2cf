using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Catalog.EntityConfigurations;

internal sealed class ProviderConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> builder)
    {
        builder.ToTable("providers");
        builder.Property(p => p.Slug).HasMaxLength(63);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.AiProvider).HasMaxLength(40);
        builder.Property(p => p.Configurations).HasColumnType("jsonb");
        builder.Property(p => p.UsageLimits).HasColumnType("jsonb");
        builder.Property(p => p.RateLimits).HasColumnType("jsonb");
        builder.Property(p => p.Disabled).HasDefaultValue(false);
        // Slugs are global: the data plane resolves "@slug/model" without knowing a workspace first.
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.HasIndex(p => p.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
