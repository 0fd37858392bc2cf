using System.Text.Json;
using ControlPlane.Http;

namespace ControlPlane.Guardrails;

/// <summary>Field checks of the guardrail bodies; the guardrail object itself is checked by <see cref="GuardrailDefinitionValidator"/>.</summary>
internal static class GuardrailRequestValidator
{
    public const int MaxNameLength = 200;

    public static ValidationErrors ValidateCreate(CreateGuardrailRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "is required");
        }
        else
        {
            ValidateName(request.Name, errors);
        }

        if (request.Guardrail is not { } guardrail || guardrail.ValueKind == JsonValueKind.Null)
        {
            errors.Add("guardrail", "is required: a guardrail object");
        }
        else
        {
            GuardrailDefinitionValidator.Validate(guardrail, "guardrail", errors);
        }

        return errors;
    }

    public static ValidationErrors ValidateUpdate(UpdateGuardrailRequest request, Guid? currentWorkspaceId)
    {
        var errors = new ValidationErrors();
        var guardrail = request.Guardrail is { ValueKind: not JsonValueKind.Null } g ? g : (JsonElement?)null;
        if (request.WorkspaceId is { } workspaceId && workspaceId != currentWorkspaceId)
        {
            errors.Add("workspace_id", "is read-only: a guardrail stays where it was created");
        }

        if (request.Name is null && guardrail is null)
        {
            errors.Add("name", "name or guardrail is required");
            return errors;
        }

        if (request.Name is not null)
        {
            ValidateName(request.Name, errors);
        }

        if (guardrail is { } value)
        {
            GuardrailDefinitionValidator.Validate(value, "guardrail", errors);
        }

        return errors;
    }

    private static void ValidateName(string name, ValidationErrors errors)
    {
        if (name.Trim().Length == 0)
        {
            errors.Add("name", "must not be empty");
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            errors.Add("name", $"must be at most {MaxNameLength} characters");
        }
    }
}
