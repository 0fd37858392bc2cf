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
}
