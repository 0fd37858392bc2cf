namespace Contracts.Configs;

/// <summary>What <see cref="ConfigValidator"/> found: every failing path with its messages, in path order of discovery.</summary>
public sealed class ConfigValidationResult
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>Path (e.g. <c>targets[1].weight</c>) → its messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>One line naming every failing path, for the data plane's OpenAI-shaped errors.</summary>
    public string ToMessage() =>
        "Invalid config: " + string.Join("; ", _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));

    internal void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
    }
}
