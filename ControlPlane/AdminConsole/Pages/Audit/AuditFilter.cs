namespace ControlPlane.AdminConsole.Pages.Audit;

/// <summary>The audit page's filter form, and the query string it stands for (the API's parameter names).</summary>
public sealed class AuditFilter
{
    public string? ResourceType { get; set; }

    public string? Action { get; set; }

    public string? ResourceId { get; set; }

    public string? ActorApiKeyId { get; set; }

    /// <summary><paramref name="path"/> with the filters set, and <paramref name="cursor"/> when given.</summary>
    public string ToQuery(string path, string? cursor)
    {
        var query = new Dictionary<string, string?>
        {
            ["resource_type"] = Blank(ResourceType),
            ["action"] = Blank(Action),
            ["resource_id"] = Blank(ResourceId),
            ["actor_api_key_id"] = Blank(ActorApiKeyId),
            ["cursor"] = cursor,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query.Where(p => p.Value is not null)!);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
