using System.Text.Json;

namespace ControlPlane.AdminConsole.Pages.ApiKeys;

/// <summary>A workspace as the key pages offer and name it.</summary>
public sealed record WorkspaceChoice(Guid Id, string Slug, string Name)
{
    /// <summary>The <c>data</c> of GET /v1/admin/workspaces, by name; entries without an id are skipped.</summary>
    public static IReadOnlyList<WorkspaceChoice> FromList(JsonElement list) =>
        list.ValueKind == JsonValueKind.Object && list.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? [.. data.EnumerateArray()
                .Where(w => w.ValueKind == JsonValueKind.Object && w.TryGetProperty("id", out var id) && id.TryGetGuid(out _))
                .Select(w => new WorkspaceChoice(w.GetProperty("id").GetGuid(), Text(w, "slug"), Text(w, "name")))
                .OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase)]
            : [];

    private static string Text(JsonElement workspace, string name) =>
        workspace.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
