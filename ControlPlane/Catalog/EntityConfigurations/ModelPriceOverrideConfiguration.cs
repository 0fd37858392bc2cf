using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Catalog.EntityConfigurations;

internal sealed class ModelPriceOverrideConfiguration : IEntityTypeConfiguration<ModelPriceOverride>
{
    public const int MaxModelLength = 200;

    public void Configure(EntityTypeBuilder<ModelPriceOverride> builder)
    {
        builder.ToTable("model_prices");
        builder.Property(p => p.AiProvider).HasMaxLength(40);
        builder.Property(p => p.Model).HasMaxLength(MaxModelLength);
        builder.Property(p => p.ModelKey).HasMaxLength(MaxModelLength);
        // The same precision as the analytics cost column; prices per million tokens are far below 10^10.
        builder.Property(p => p.InputPerMillion).HasPrecision(20, 10);
        builder.Property(p => p.OutputPerMillion).HasPrecision(20, 10);
        builder.Property(p => p.CachedInputPerMillion).HasPrecision(20, 10);
        builder.HasIndex(p => new { p.AiProvider, p.ModelKey }).IsUnique();
    }
}
