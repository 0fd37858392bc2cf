using DataPlane.Snapshots;

namespace DataPlane.Guardrails;

/// <summary>
/// Where <c>pg-…</c> references are resolved: a snapshot's saved guardrails as one workspace sees them (its own and
/// organisation-wide ones), or every one of them (<paramref name="WorkspaceId"/> null: an organisation key's inline config).
/// </summary>
internal readonly record struct GuardrailScope(RuntimeSnapshot Snapshot, Guid? WorkspaceId);
