namespace ControlPlane.ApiKeys;

/// <summary><c>defaults</c> of an API key: what requests made with it get unless they say otherwise.</summary>
internal sealed record ApiKeyDefaultsBody
{
    public string? ConfigId { get; init; }
    /// <summary>Metadata merged into every request's metadata (string values only).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>Whether a request may bring its own config; default true.</summary>
    public bool? AllowConfigOverride { get; init; }
    /// <summary>Log request and response bodies; null: as the workspace says.</summary>
    public bool? LogBodies { get; init; }
}
