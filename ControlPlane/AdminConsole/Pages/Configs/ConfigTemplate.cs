namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>What a new config starts from: a fallback between two providers, to rename to real slugs.</summary>
internal static class ConfigTemplate
{
    public const string Text = """
        {
          "strategy": { "mode": "fallback" },
          "targets": [
            { "provider": "@primary-provider" },
            { "provider": "@backup-provider" }
          ]
        }
        """;
}
