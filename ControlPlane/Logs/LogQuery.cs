using ControlPlane.Http;

namespace ControlPlane.Logs;

/// <summary>The filters of GET /v1/logs, parsed and checked.</summary>
internal sealed record LogQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public Guid? WorkspaceId { get; init; }
    public Guid? ApiKeyId { get; init; }
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public int? Status { get; init; }
    public string? TraceId { get; init; }
    public string? CacheStatus { get; init; }
    /// <summary><c>guardrail_action</c>: some guardrail verdict of the request took this action (denied, warned, redacted…).</summary>
    public string? GuardrailAction { get; init; }
    /// <summary><c>metadata.&lt;k&gt;=v</c> filters: the row's metadata must contain all of them.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public int Limit { get; init; } = DefaultLimit;
    public KeysetCursor? Cursor { get; init; }
}
