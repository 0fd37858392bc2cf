namespace ControlPlane.AdminConsole.Pages.Logs;

/// <summary>A workspace in the Logs page's workspace filter (what <c>GET /v1/admin/workspaces</c> lists, the fields it needs).</summary>
public sealed record WorkspaceOption(Guid Id, string Slug, string Name);
