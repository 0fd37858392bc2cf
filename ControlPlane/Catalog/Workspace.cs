namespace ControlPlane.Catalog;

internal sealed class Workspace
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>JSON (jsonb), shape <c>WorkspaceDefaults</c>.</summary>
    public string? Defaults { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
