using ControlPlane.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Configs;

/// <summary>For other features that reference a config by id (e.g. an API key's <c>defaults.config_id</c>).</summary>
internal static class ConfigLookup
{
    /// <summary>
    /// Whether a live (not deleted) config <paramref name="id"/> exists and, when
    /// <paramref name="workspaceId"/> is given, belongs to that workspace. Null: any workspace (organisation keys).
    /// </summary>
    public static async Task<bool> ExistsAsync(CatalogDbContext db, string id, Guid? workspaceId, CancellationToken cancellationToken)
    {
        if (!ConfigIds.IsWellFormed(id))
        {
            return false;
        }

        var query = db.Configs.AsNoTracking().Where(c => c.Id == id && c.DeletedAt == null);
        if (workspaceId is { } workspace)
        {
            query = query.Where(c => c.WorkspaceId == workspace);
        }

        return await query.AnyAsync(cancellationToken);
    }
}
