namespace Contracts.Snapshots;

public sealed record WorkspaceEntry(Guid Id, string Slug, string Name)
{
    /// <summary>Log request and response bodies of this workspace's requests (a key's own setting wins).</summary>
    public bool LogBodies { get; init; }
}
