using Contracts;
using ControlPlane.AdminConsole.Api;
using ControlPlane.Auth;
using ControlPlane.Http;
using ControlPlane.Workspaces;

namespace ControlPlane.AdminConsole.Pages.Providers;

/// <summary>Workspace names for the provider pages, as far as the key may list them.</summary>
internal static class ProviderWorkspaces
{
    /// <summary>Id → name; empty when the key lacks <c>workspaces.read</c> or the list fails (the pages then show ids).</summary>
    public static async Task<Dictionary<Guid, string>> LoadAsync(AdminApi api, Caller? caller, CancellationToken cancellationToken)
    {
        if (caller?.HasScope(Scopes.WorkspacesRead) != true)
        {
            return [];
        }

        var result = await api.GetAsync<ListResponse<WorkspaceResponse>>("/v1/admin/workspaces", cancellationToken);
        return result.Ok ? result.Value.Data.ToDictionary(w => w.Id, w => w.Name) : [];
    }
}
