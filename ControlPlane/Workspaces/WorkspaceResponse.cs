using ControlPlane.Catalog;

namespace ControlPlane.Workspaces;

internal sealed record WorkspaceResponse(Guid Id, string Slug, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WorkspaceResponse From(Workspace workspace) =>
        new(workspace.Id, workspace.Slug, workspace.Name, workspace.CreatedAt, workspace.UpdatedAt);
}
