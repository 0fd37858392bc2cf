namespace ControlPlane.Catalog;

/// <summary>One mutation attempt on the admin API. Never holds a request body or a secret.</summary>
internal sealed class AuditLog
{
    public Guid Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? ActorApiKeyId { get; set; }
    public Guid? WorkspaceId { get; set; }
    public required string Method { get; set; }
    public required string Path { get; set; }
    public string? ResourceType { get; set; }
    public string? ResourceId { get; set; }
    public required string Action { get; set; }
    public int StatusCode { get; set; }
    /// <summary>What the mutation set: field names, and the new values of a few harmless fields (never a secret).</summary>
    public string? Summary { get; set; }
}
