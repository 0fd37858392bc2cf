using ControlPlane.AdminConsole.Api;

namespace ControlPlane.AdminConsole.Pages.Providers;

/// <summary>Where the provider form shows each error of the API (or its own) beside the field it names.</summary>
internal static class ProviderProblems
{
    /// <summary>The fields the form has; an error under any other path is listed at the top instead.</summary>
    private static readonly HashSet<string> FormFields = new(StringComparer.Ordinal)
    {
        "name", "slug", "ai_provider", "key", "base_url", "workspace_id", "models", "usage_limits", "rate_limits", "configurations", "disabled",
    };

    /// <summary>
    /// The problem as the form shows it: a 409 (the only conflict is a duplicate slug) becomes an error on <c>slug</c>, so it
    /// appears beside the field like a validation error does.
    /// </summary>
    public static ApiProblem ForForm(ApiProblem problem)
    {
        if (problem.Status != 409 || problem.Errors.ContainsKey("slug"))
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(problem.Errors, StringComparer.Ordinal)
        {
            ["slug"] = [problem.Detail ?? "is already used by another provider."],
        };
        return problem with { Errors = errors };
    }

    /// <summary>Errors at paths the form has no field for (so none is silently dropped).</summary>
    public static IReadOnlyList<(string Path, string Message)> Unplaced(ApiProblem? problem) =>
        problem?.Unplaced(FormFields) ?? [];
}
