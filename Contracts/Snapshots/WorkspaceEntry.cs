namespace Contracts.Snapshots;

public sealed record WorkspaceEntry(Guid Id, string Slug, string Name)
{
    /// <summary>Log request and response bodies of this workspace's requests (a key's own setting wins).</summary>
    public bool LogBodies { get; init; }

    /// <summary>The config a request of the workspace runs when neither it nor its key names one.</summary>
    public string? DefaultConfigId { get; init; }

    /// <summary>Metadata every request of the workspace carries; the key's defaults and the request's own win per key.</summary>
    public IReadOnlyDictionary<string, string> DefaultMetadata { get; init; } = new Dictionary<string, string>();

    public UsageLimitsEntry? UsageLimits { get; init; }
    public IReadOnlyList<RateLimitEntry> RateLimits { get; init; } = [];

    /// <summary>Guardrails every request of the workspace gets before the upstream call: saved ids (strings) or inline objects.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> InputGuardrails { get; init; } = [];

    /// <summary>Guardrails every answer of the workspace gets: saved ids (strings) or inline objects.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> OutputGuardrails { get; init; } = [];

    /// <summary>What limits do while Redis is unreachable: <c>fail_open</c> (the default) or <c>fail_closed</c> (503).</summary>
    public string RedisFailurePolicy { get; init; } = "fail_open";
}
