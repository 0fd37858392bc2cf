using System.Text.Json;
using Contracts.Json;
using ControlPlane.Catalog;

namespace ControlPlane.Workspaces;

internal sealed record WorkspaceResponse(
    Guid Id, string Slug, string Name, WorkspaceDefaults? Defaults, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WorkspaceResponse From(Workspace workspace) => new(
        workspace.Id, workspace.Slug, workspace.Name,
        workspace.Defaults is null ? null : JsonSerializer.Deserialize<WorkspaceDefaults>(workspace.Defaults, ContractJson.Options),
        workspace.CreatedAt, workspace.UpdatedAt);
}
