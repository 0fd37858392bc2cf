using System.Text.Json;
using ControlPlane.Catalog;

namespace ControlPlane.Guardrails;

/// <summary>A saved guardrail as read back (webhook header values masked); <c>workspace_id</c> null means organisation-wide.</summary>
internal sealed record GuardrailResponse(
    string Id,
    string Name,
    Guid? WorkspaceId,
    JsonElement Guardrail,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static GuardrailResponse From(Guardrail guardrail) => new(
        guardrail.Id,
        guardrail.Name,
        guardrail.WorkspaceId,
        WebhookHeaderSecrets.Masked(JsonSerializer.Deserialize<JsonElement>(guardrail.Definition)),
        guardrail.CreatedAt,
        guardrail.UpdatedAt);
}
