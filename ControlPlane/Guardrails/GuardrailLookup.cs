using System.Text.Json;
using Contracts.Json;
using ControlPlane.Catalog;
using ControlPlane.Http;
using ControlPlane.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Guardrails;

/// <summary>For features that reference saved guardrails by id (configs, workspace defaults), and for the delete's referrer check.</summary>
internal static class GuardrailLookup
{
    /// <summary>
    /// Adds an error at each reference's path whose id is not a live guardrail visible to <paramref name="workspaceId"/>
    /// (its own or organisation-wide ones; null: organisation-wide ones only).
    /// </summary>
    public static async Task CheckAsync(
        CatalogDbContext db, Guid? workspaceId, IEnumerable<GuardrailReference> references, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var list = references.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var ids = list.Select(r => r.Id).Where(GuardrailIds.IsWellFormed).Distinct(StringComparer.Ordinal).ToList();
        var visible = ids.Count == 0
            ? []
            : (await db.Guardrails.AsNoTracking()
                .Where(g => ids.Contains(g.Id) && g.DeletedAt == null && (g.WorkspaceId == null || g.WorkspaceId == workspaceId))
                .Select(g => g.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var reference in list.Where(r => !visible.Contains(r.Id)))
        {
            // Another workspace's guardrail is as unknown as a missing one.
            errors.Add(reference.Path, $"no saved guardrail '{reference.Id}' visible to this workspace");
        }
    }

    /// <summary>
    /// What still names <paramref name="guardrail"/>: live configs (at their latest version) and workspace defaults that can see it,
    /// as <c>config pc-… ('name')</c> / <c>workspace 'slug' (defaults.input_guardrails)</c>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReferrersAsync(CatalogDbContext db, Guardrail guardrail, CancellationToken cancellationToken)
    {
        var referrers = new List<string>();
        var configs = db.Configs.AsNoTracking().Where(c => c.DeletedAt == null);
        var workspaces = db.Workspaces.AsNoTracking().Where(w => w.Defaults != null);
        if (guardrail.WorkspaceId is { } owner)
        {
            // Only its own workspace can name a workspace guardrail.
            configs = configs.Where(c => c.WorkspaceId == owner);
            workspaces = workspaces.Where(w => w.Id == owner);
        }

        var latest = await (
            from c in configs
            join v in db.ConfigVersions.AsNoTracking() on new { Id = c.Id, Version = c.LatestVersion } equals new { Id = v.ConfigId, v.Version }
            orderby c.Id
            select new { c.Id, c.Name, v.Content }).ToListAsync(cancellationToken);
        foreach (var config in latest.Where(c => c.Content.Contains(guardrail.Id, StringComparison.Ordinal)))
        {
            using var document = JsonDocument.Parse(config.Content);
            if (GuardrailReferences.InConfig(document.RootElement, "config").Any(r => r.Id == guardrail.Id))
            {
                referrers.Add($"config {config.Id} ('{config.Name}')");
            }
        }

        foreach (var workspace in await workspaces.OrderBy(w => w.Slug).ToListAsync(cancellationToken))
        {
            if (!workspace.Defaults!.Contains(guardrail.Id, StringComparison.Ordinal)
                || JsonSerializer.Deserialize<WorkspaceDefaults>(workspace.Defaults, ContractJson.Options) is not { } defaults)
            {
                continue;
            }

            var fields = new List<string>();
            if (GuardrailReferences.InList(defaults.InputGuardrails, "").Any(r => r.Id == guardrail.Id))
            {
                fields.Add("defaults.input_guardrails");
            }

            if (GuardrailReferences.InList(defaults.OutputGuardrails, "").Any(r => r.Id == guardrail.Id))
            {
                fields.Add("defaults.output_guardrails");
            }

            if (fields.Count > 0)
            {
                referrers.Add($"workspace '{workspace.Slug}' ({string.Join(", ", fields)})");
            }
        }

        return referrers;
    }
}
