using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Catalog.EntityConfigurations;

internal sealed class ConfigVersionConfiguration : IEntityTypeConfiguration<ConfigVersion>
{
    public void Configure(EntityTypeBuilder<ConfigVersion> builder)
    {
        builder.ToTable("config_versions");
        builder.Property(v => v.ConfigId).HasMaxLength(40);
        builder.Property(v => v.Content).HasColumnName("config").HasColumnType("jsonb");
        builder.HasIndex(v => new { v.ConfigId, v.Version }).IsUnique();
        builder.HasOne<Config>().WithMany().HasForeignKey(v => v.ConfigId).OnDelete(DeleteBehavior.Cascade);
    }
}
