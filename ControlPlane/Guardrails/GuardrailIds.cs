using Contracts.Guardrails;
using ControlPlane.Catalog;

namespace ControlPlane.Guardrails;

/// <summary>Guardrail ids: <c>pg-</c> + 12 random characters (<see cref="ResourceIds"/>).</summary>
internal static class GuardrailIds
{
    public const string Prefix = GuardrailChecks.IdPrefix;

    public static string New() => ResourceIds.New(Prefix);

    public static bool IsWellFormed(string? id) => ResourceIds.IsWellFormed(id, Prefix);
}
