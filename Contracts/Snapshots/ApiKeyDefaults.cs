namespace Contracts.Snapshots;

public sealed record ApiKeyDefaults
{
    public string? ConfigId { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public bool AllowConfigOverride { get; init; } = true;
    /// <summary>Log request and response bodies of this key's requests; null: as its workspace says.</summary>
    public bool? LogBodies { get; init; }
}
