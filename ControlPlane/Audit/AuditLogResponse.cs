using ControlPlane.Catalog;

namespace ControlPlane.Audit;

/// <summary>One audit entry as read back; <c>outcome</c> is <c>success</c> for 2xx/3xx, else <c>failure</c>.</summary>
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
    int StatusCode,
    string Outcome,
    string? Summary)
{
    public static AuditLogResponse From(AuditLog entry) => new(
        entry.Id, entry.CreatedAt, entry.ActorApiKeyId, entry.WorkspaceId, entry.Method, entry.Path,
        entry.ResourceType, entry.ResourceId, entry.Action, entry.StatusCode,
        entry.StatusCode is >= 200 and < 400 ? "success" : "failure", entry.Summary);
}
