using System.Text.Json;

namespace ControlPlane.Guardrails;

/// <summary>Body of POST /v1/guardrails. Server-set fields (id, timestamps) are not here.</summary>
internal sealed record CreateGuardrailRequest
{
    public string? Name { get; init; }
    /// <summary>Organisation keys only (omitted: organisation-wide, visible to every workspace); a workspace key's goes to its own workspace.</summary>
    public Guid? WorkspaceId { get; init; }
    /// <summary>The guardrail in Portkey's shorthand (CONTRACT §4): check ids → parameters, plus <c>deny</c>, <c>async</c>….</summary>
    public JsonElement? Guardrail { get; init; }
}
