using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Catalog.EntityConfigurations;

internal sealed class GuardrailConfiguration : IEntityTypeConfiguration<Guardrail>
{
    public void Configure(EntityTypeBuilder<Guardrail> builder)
    {
        builder.ToTable("guardrails");
        builder.Property(g => g.Id).HasMaxLength(40);
        builder.Property(g => g.Name).HasMaxLength(200);
        builder.Property(g => g.Definition).HasColumnType("jsonb");
        // Names are unique among the live guardrails of a workspace, and among the organisation-wide ones (null workspace).
        builder.HasIndex(g => new { g.WorkspaceId, g.Name }).IsUnique().AreNullsDistinct(false).HasFilter("deleted_at IS NULL");
        // A deleted workspace takes its guardrails with it (the delete refuses while live ones remain).
        builder.HasOne<Workspace>().WithMany().HasForeignKey(g => g.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
