using System.ComponentModel.DataAnnotations;

namespace DataPlane.BodyLogging;

/// <summary>The <c>Gateway:BodyLogging</c> section.</summary>
internal sealed class BodyLoggingOptions
{
    public const string SectionName = "Gateway:BodyLogging";

    /// <summary>Bytes of each body kept in a usage event; the rest is cut with a marker saying how much.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 32 * 1024;
}
