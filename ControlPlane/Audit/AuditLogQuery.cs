using ControlPlane.Http;

namespace ControlPlane.Audit;

/// <summary>The filters of GET /v1/audit-logs; null: not filtered.</summary>
internal sealed record AuditLogQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public Guid? ActorApiKeyId { get; init; }
    public Guid? WorkspaceId { get; init; }
    public string? ResourceType { get; init; }
    public string? ResourceId { get; init; }
    public string? Action { get; init; }
    public int Limit { get; init; } = DefaultLimit;
    public KeysetCursor? Cursor { get; init; }
}
