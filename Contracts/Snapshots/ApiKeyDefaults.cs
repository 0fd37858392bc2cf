namespace Contracts.Snapshots;

public sealed record ApiKeyDefaults
{
    public string? ConfigId { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public bool AllowConfigOverride { get; init; } = true;
}
