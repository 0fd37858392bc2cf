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
        builder.HasIndex(w => w.Slug).IsUnique();
    }
}
