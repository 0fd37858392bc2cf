namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>A workspace as the config and guardrail pages name it (from <c>GET /v1/admin/workspaces</c>).</summary>
public sealed record WorkspaceChoice(Guid Id, string Slug, string Name);
