namespace ControlPlane.AdminConsole.Workspaces;

/// <summary>A workspace as the console's pages offer and name it (what <c>GET /v1/admin/workspaces</c> lists, the fields they need).</summary>
public sealed record WorkspaceChoice(Guid Id, string Slug, string Name);
