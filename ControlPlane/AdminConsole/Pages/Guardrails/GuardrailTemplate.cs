namespace ControlPlane.AdminConsole.Pages.Guardrails;

/// <summary>What a new guardrail starts from (Portkey's shorthand, CONTRACT §4).</summary>
internal static class GuardrailTemplate
{
    public const string Text = """
        {
          "default.contains": { "words": ["confidential"], "operator": "none" },
          "deny": true
        }
        """;
}
