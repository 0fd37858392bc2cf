using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Catalog.EntityConfigurations;

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.ToTable("workspaces");
        builder.Property(w => w.Slug).HasMaxLength(63);
        builder.Property(w => w.Name).HasMaxLength(200);
        builder.Property(w => w.Defaults).HasColumnType("jsonb");
        builder.Property(w => w.UsageLimits).HasColumnType("jsonb");
        builder.Property(w => w.RateLimits).HasColumnType("jsonb");
        builder.Property(w => w.RedisFailurePolicy).HasMaxLength(20).HasDefaultValue("fail_open");
        builder.Property(w => w.AlertWebhookUrl).HasMaxLength(2048);
        builder.HasIndex(w => w.Slug).IsUnique();
    }
}
