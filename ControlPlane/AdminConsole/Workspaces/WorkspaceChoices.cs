using ControlPlane.AdminConsole.Api;
using ControlPlane.Auth;
using ControlPlane.Http;

namespace ControlPlane.AdminConsole.Workspaces;

/// <summary>The workspaces the signed-in key can list, to pick and to name them; the pages show ids when there are none.</summary>
internal static class WorkspaceChoices
{
    /// <summary>Sorted by name; empty when the key lacks <c>workspaces.read</c> or the list fails (names are a nicety).</summary>
    public static async Task<IReadOnlyList<WorkspaceChoice>> LoadAsync(AdminApi api, Caller? caller, CancellationToken cancellationToken)
    {
        if (caller?.HasScope(Contracts.Scopes.WorkspacesRead) != true)
        {
            return [];
        }

        var result = await api.GetAsync<ListResponse<WorkspaceChoice>>("/v1/admin/workspaces", cancellationToken);
        return result.Ok ? [.. result.Value.Data.OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase)] : [];
    }

    /// <summary>The workspace with this id, when listed.</summary>
    public static WorkspaceChoice? Find(IReadOnlyList<WorkspaceChoice> workspaces, Guid id) =>
        workspaces.FirstOrDefault(w => w.Id == id);

    /// <summary>A workspace's name when listed, else its id.</summary>
    public static string NameOrId(IReadOnlyList<WorkspaceChoice> workspaces, Guid id) =>
        Find(workspaces, id)?.Name ?? id.ToString();

    /// <summary>As <see cref="NameOrId(IReadOnlyList{WorkspaceChoice}, Guid)"/>, with the page's own words for "no workspace".</summary>
    public static string NameOrId(IReadOnlyList<WorkspaceChoice> workspaces, Guid? id, string none) =>
        id is { } value ? NameOrId(workspaces, value) : none;
}
