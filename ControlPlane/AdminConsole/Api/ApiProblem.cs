namespace ControlPlane.AdminConsole.Api;

/// <summary>An admin API error as the console shows it: the problem details' title, detail and errors by path.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>The messages for one field path (e.g. <c>config.targets[0].weight</c>), or none.</summary>
    public IReadOnlyList<string> For(string path) => Errors.TryGetValue(path, out var messages) ? messages : [];
}
