namespace ControlPlane.AdminConsole.Api;

/// <summary>An admin API error as the console shows it: the problem details' title, detail and errors by path.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>A form's own errors (what could not be sent), worded like the API's validation problem.</summary>
    public static ApiProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "One or more fields are invalid.", null, errors);

    /// <summary>The messages for one field path (e.g. <c>config.targets[0].weight</c>), or none.</summary>
    public IReadOnlyList<string> For(string path) => Errors.TryGetValue(path, out var messages) ? messages : [];

    /// <summary>
    /// The messages for <paramref name="path"/> and, when <paramref name="nested"/>, the paths under it
    /// (<c>rate_limits</c> takes <c>rate_limits[1].value</c>, not <c>rate_limits_x</c>), each with its full path when below.
    /// </summary>
    public IReadOnlyList<(string? SubPath, string Message)> At(string path, bool nested)
    {
        var found = new List<(string?, string)>();
        foreach (var (errorPath, messages) in Errors)
        {
            if (errorPath == path)
            {
                found.AddRange(messages.Select(m => ((string?)null, m)));
            }
            else if (nested && IsBelow(errorPath, path))
            {
                found.AddRange(messages.Select(m => ((string?)errorPath, m)));
            }
        }

        return found;
    }

    /// <summary>Whether there is an error at <paramref name="path"/> (or, when <paramref name="nested"/>, under it).</summary>
    public bool Has(string path, bool nested) =>
        Errors.Keys.Any(e => nested ? IsAtOrUnder(e, path) : e == path);

    /// <summary>Errors at paths that are neither one of <paramref name="placed"/> nor under one (so none is silently dropped).</summary>
    public IReadOnlyList<(string Path, string Message)> Unplaced(IEnumerable<string> placed) =>
        [.. Errors.Where(e => !placed.Any(p => IsAtOrUnder(e.Key, p))).SelectMany(e => e.Value.Select(m => (e.Key, m)))];

    /// <summary>Whether <paramref name="errorPath"/> is <paramref name="path"/> or a path under it.</summary>
    public static bool IsAtOrUnder(string errorPath, string path) => errorPath == path || IsBelow(errorPath, path);

    private static bool IsBelow(string errorPath, string path) =>
        errorPath.Length > path.Length && errorPath.StartsWith(path, StringComparison.Ordinal) && errorPath[path.Length] is '.' or '[';
}
