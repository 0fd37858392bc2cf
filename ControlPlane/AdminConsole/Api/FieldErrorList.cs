namespace ControlPlane.AdminConsole.Api;

/// <summary>Field errors a form finds before calling the API, by the API's field path, in the order found.</summary>
internal sealed class FieldErrorList
{
    private readonly Dictionary<string, List<string>> _byPath = new(StringComparer.Ordinal);

    public void Add(string path, string message)
    {
        if (!_byPath.TryGetValue(path, out var messages))
        {
            _byPath[path] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Null when there is nothing to fix; otherwise a 400 problem shown like the API's own.</summary>
    public ApiProblem? ToProblem() => _byPath.Count == 0
        ? null
        : ApiProblem.Invalid(_byPath.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
