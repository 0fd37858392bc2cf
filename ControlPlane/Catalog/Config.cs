namespace ControlPlane.Catalog;

/// <summary>A saved routing config (<c>pc-…</c>). Its content lives in immutable <see cref="ConfigVersion"/> rows.</summary>
internal sealed class Config
{
    /// <summary><c>pc-</c> + 12 base32 characters (<c>ConfigIds</c>).</summary>
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Configs always belong to a workspace (organisation keys default to <c>default</c>).</summary>
    public Guid WorkspaceId { get; set; }
    /// <summary>The number of the newest version; bumped with each new version.</summary>
    public int LatestVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Soft delete: the row stays for the audit trail and for logs naming the id.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
