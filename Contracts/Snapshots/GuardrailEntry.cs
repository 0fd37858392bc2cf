using System.Text.Json;

namespace Contracts.Snapshots;

/// <summary>
/// A saved guardrail (<c>/v1/guardrails</c>) as the data plane resolves <c>"pg-…"</c> references: its definition is the
/// shorthand object of <see cref="Guardrails.GuardrailChecks"/> (check ids → parameters, plus <c>deny</c>, <c>async</c>…).
/// </summary>
public sealed record GuardrailEntry(string Id, Guid? WorkspaceId, string Name, JsonElement Definition);
