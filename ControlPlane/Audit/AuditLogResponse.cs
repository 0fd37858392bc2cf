using ControlPlane.Catalog;

namespace ControlPlane.Audit;

internal sealed record AuditLogResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    Guid? ActorApiKeyId,
    Guid? WorkspaceId,
    string Method,
    string Path,
    string? ResourceType,
    string? ResourceId,
    string Action,
    int StatusCode)
{
    public static AuditLogResponse From(AuditLog entry) => new(
        entry.Id, entry.CreatedAt, entry.ActorApiKeyId, entry.WorkspaceId, entry.Method, entry.Path,
        entry.ResourceType, entry.ResourceId, entry.Action, entry.StatusCode);
}
