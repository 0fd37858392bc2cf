using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Catalog.EntityConfigurations;

internal sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> builder)
    {
        builder.ToTable("audit_logs");
        builder.Property(a => a.Method).HasMaxLength(10);
        builder.Property(a => a.Path).HasMaxLength(2048);
        builder.Property(a => a.ResourceType).HasMaxLength(40);
        builder.Property(a => a.ResourceId).HasMaxLength(200);
        builder.Property(a => a.Action).HasMaxLength(40);
        builder.Property(a => a.Summary).HasMaxLength(1000);
        // Keyset paging, newest first.
        builder.HasIndex(a => new { a.CreatedAt, a.Id }).IsDescending();
        builder.HasIndex(a => new { a.WorkspaceId, a.CreatedAt }).IsDescending(false, true);
    }
}
