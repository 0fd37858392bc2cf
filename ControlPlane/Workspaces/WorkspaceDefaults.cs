namespace ControlPlane.Workspaces;

/// <summary><c>defaults</c> of a workspace: what its requests get unless a key or request says otherwise.</summary>
internal sealed record WorkspaceDefaults
{
    public string? ConfigId { get; init; }
    /// <summary>Metadata merged into every request's metadata (string values only).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>Log request and response bodies of the workspace's requests (off by default; a key may say otherwise).</summary>
    public bool? LogBodies { get; init; }
}
