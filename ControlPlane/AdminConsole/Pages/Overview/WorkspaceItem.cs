namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>What the overview reads of a workspace: enough to name it in the selector.</summary>
public sealed record WorkspaceItem(Guid Id, string Slug, string Name);
