using System.Text.Json;
using Contracts.Guardrails;
using ControlPlane.Http;

namespace ControlPlane.Guardrails;

/// <summary>One guardrail object, checked by the shared <see cref="GuardrailValidator"/>, its errors named under a path of ours.</summary>
internal static class GuardrailDefinitionValidator
{
    /// <param name="path">Where the guardrail sits in the body: <c>guardrail</c>, <c>defaults.input_guardrails[1]</c>…</param>
    public static void Validate(JsonElement guardrail, string path, ValidationErrors errors)
    {
        foreach (var (field, messages) in GuardrailValidator.Validate(guardrail, path).Errors)
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }
    }
}
