using System.Text.Json;

namespace ControlPlane.Workspaces;

/// <summary><c>defaults</c> of a workspace: what its requests get unless a key or request says otherwise.</summary>
internal sealed record WorkspaceDefaults
{
    public string? ConfigId { get; init; }
    /// <summary>Metadata merged into every request's metadata (string values only).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>Log request and response bodies of the workspace's requests (off by default; a key may say otherwise).</summary>
    public bool? LogBodies { get; init; }
    /// <summary>Guardrails every request of the workspace gets before the upstream call: saved ids (<c>"pg-…"</c>) or inline objects.</summary>
    public IReadOnlyList<JsonElement>? InputGuardrails { get; init; }
    /// <summary>Guardrails every answer of the workspace gets: saved ids or inline objects.</summary>
    public IReadOnlyList<JsonElement>? OutputGuardrails { get; init; }
}
