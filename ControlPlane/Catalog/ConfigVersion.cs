namespace ControlPlane.Catalog;

/// <summary>One immutable version of a config's JSON; a changed config is a new row, never an update.</summary>
internal sealed class ConfigVersion
{
    /// <summary>The public <c>version_id</c>.</summary>
    public Guid Id { get; set; }
    public required string ConfigId { get; set; }
    /// <summary>1, 2, 3… per config.</summary>
    public int Version { get; set; }
    /// <summary>The routing config (jsonb).</summary>
    public required string Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
