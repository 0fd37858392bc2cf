using ControlPlane.AdminConsole.Api;
using ControlPlane.Auth;
using ControlPlane.Http;

namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>The workspaces the key can list, to pick and to name them; none when it may not (the pages then show ids).</summary>
internal static class WorkspaceChoices
{
    public static async Task<IReadOnlyList<WorkspaceChoice>> LoadAsync(AdminApi api, Caller caller, CancellationToken cancellationToken)
    {
        if (!caller.HasScope(Contracts.Scopes.WorkspacesRead))
        {
            return [];
        }

        var result = await api.GetAsync<ListResponse<WorkspaceChoice>>("/v1/admin/workspaces", cancellationToken);
        return result.Ok ? [.. result.Value.Data.OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase)] : [];
    }

    /// <summary>A workspace's name when known, else its id.</summary>
    public static string Describe(IReadOnlyList<WorkspaceChoice> workspaces, Guid? id) =>
        id is not { } value ? "Organisation-wide"
        : workspaces.FirstOrDefault(w => w.Id == value)?.Name ?? value.ToString();
}
