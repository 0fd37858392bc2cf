using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Catalog.EntityConfigurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.Property(k => k.Type).HasMaxLength(20);
        builder.Property(k => k.SubType).HasMaxLength(20);
        builder.Property(k => k.UserId).HasMaxLength(200);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.PreviousKeyHash).HasMaxLength(64);
        builder.Property(k => k.Defaults).HasColumnType("jsonb");
        builder.Property(k => k.UsageLimits).HasColumnType("jsonb");
        builder.Property(k => k.RateLimits).HasColumnType("jsonb");
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.HasIndex(k => k.PreviousKeyHash);
        builder.HasIndex(k => k.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
