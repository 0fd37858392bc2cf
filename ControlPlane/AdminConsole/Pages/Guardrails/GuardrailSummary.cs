using System.Text.Json;
using Contracts.Guardrails;

namespace ControlPlane.AdminConsole.Pages.Guardrails;

/// <summary>What the list shows of a guardrail: its check ids and whether a failure denies the request.</summary>
internal static class GuardrailSummary
{
    public static IReadOnlyList<string> Checks(JsonElement guardrail) =>
        guardrail.ValueKind == JsonValueKind.Object
            ? [.. guardrail.EnumerateObject().Select(p => p.Name).Where(GuardrailValidator.Parameters.ContainsKey)]
            : [];

    public static bool Denies(JsonElement guardrail) =>
        guardrail.ValueKind == JsonValueKind.Object
        && guardrail.TryGetProperty(GuardrailChecks.Deny, out var deny) && deny.ValueKind == JsonValueKind.True;
}
