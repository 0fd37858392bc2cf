using System.Text.Json;

namespace ControlPlane.Guardrails;

/// <summary>Body of PUT /v1/guardrails/{id}: name and/or guardrail. The workspace cannot be changed.</summary>
internal sealed record UpdateGuardrailRequest
{
    public string? Name { get; init; }
    /// <summary>Replaces the stored guardrail as a whole.</summary>
    public JsonElement? Guardrail { get; init; }
    /// <summary>Read-only: may repeat the current value; any other is a 400.</summary>
    public Guid? WorkspaceId { get; init; }
}
